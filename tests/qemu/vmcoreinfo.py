#!/usr/bin/env python3
"""vmcoreinfo.py [--size] FILE

Print the VMCOREINFO note text of an ELF vmcore (or of its first MiB, enough
for the ELF headers and notes) byte for byte, exactly as the crashed kernel
emitted it.  With --size, print instead the size the whole ELF file must
have: the end of its furthest program segment (or of its headers).
"""
import struct
import sys


def main():
    args = sys.argv[1:]
    size = args[:1] == ["--size"]
    if size:
        args = args[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    with open(args[0], "rb") as f:
        data = f.read(16 << 20)
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        sys.exit("vmcoreinfo.py: %s: not a little-endian ELF64 file" % args[0])
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    end = phoff + phentsize * phnum
    notes = []
    for i in range(phnum):
        p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + i * phentsize)
        end = max(end, p_offset + p_filesz)
        if p_type == 4:  # PT_NOTE
            notes.append((p_offset, p_filesz))
    if size:
        print(end)
        return
    for off, length in notes:
        pos, stop = off, off + length
        while pos + 12 <= stop:
            namesz, descsz, _ = struct.unpack_from("<III", data, pos)
            name = data[pos + 12:pos + 12 + namesz].rstrip(b"\0")
            desc = pos + 12 + (namesz + 3) // 4 * 4
            if name == b"VMCOREINFO":
                sys.stdout.buffer.write(data[desc:desc + descsz])
                return
            if namesz == 0 and descsz == 0:
                break
            pos = desc + (descsz + 3) // 4 * 4
    sys.exit("vmcoreinfo.py: %s: no VMCOREINFO note" % args[0])


main()
