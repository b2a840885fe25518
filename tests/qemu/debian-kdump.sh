#!/bin/sh
# debian-kdump.sh [options] --out DIR
#
# Boot a real Debian 12 system with kdump-tools under QEMU/TCG, let
# kdump-tools load its capture kernel, fill some memory, crash it with
# sysrq-c, and see whether kdump-tools' own save step in the capture kernel
# wrote /var/crash/<stamp>/dump.* -- with Debian's makedumpfile or with
# sievedump diverted in its place.  See tests/qemu/README.md.
#
# Options:
#   --crashkernel SIZE   crashkernel= of the first kernel (default 256M)
#   --mem SIZE           guest RAM (default 2G)
#   --dumper D           makedumpfile (Debian's, default), the path of a
#                        sievedump binary: installed as /usr/bin/makedumpfile
#                        (dpkg-divert) with its libraries, or of the sievedump
#                        .deb (debian/): installed with apt, as a user would
#   --out DIR            results (required): result.txt, console.log, first/,
#                        capture/, crash/ (kdump-tools' files but the dump)
#   --anon MiB           anonymous memory the workload holds (default 256)
#   --append "ARGS"      more first-kernel command line
#   --timeout S          kill QEMU after this long (default 1500)
#   --no-crash           boot, load, record, power off (no crash)
#   --keep-disk          keep OUT/disk.raw (the dump stays in it)
#
# The image is built once and cached in ${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/debian-kdump/:
#   root/           debootstrap'ed bookworm with linux-image-amd64, kdump-tools
#   img-<key>.raw   ext4 image per dumper, after one "prepare" boot in which
#                   kdump-tools built /var/lib/kdump/initrd.img itself
# Each run boots a sparse copy of that image.
set -eu

die() { echo "debian-kdump: $*" >&2; exit 1; }
log() { echo "debian-kdump: $*" >&2; }

here=$(cd "$(dirname "$0")" && pwd)
cache=${SIEVEDUMP_CACHE:-$HOME/.cache/sievedump}/debian-kdump
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
ck=256M mem=2G dumper=makedumpfile out='' anon=256 append='' tmo=1500
crash=1 keep=0
while [ $# -gt 0 ]; do
	case $1 in
	--crashkernel) ck=$2 ;;
	--mem) mem=$2 ;;
	--dumper) dumper=$2 ;;
	--out) out=$2 ;;
	--anon) anon=$2 ;;
	--append) append=$2 ;;
	--timeout) tmo=$2 ;;
	--no-crash) crash=0; shift; continue ;;
	--keep-disk) keep=1; shift; continue ;;
	*) die "unknown option $1" ;;
	esac
	shift 2
done
[ -n "$out" ] || die "usage: debian-kdump.sh --out DIR [--crashkernel 256M] [--mem 2G] [--dumper makedumpfile|SIEVEDUMP]"
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, image files owned by root)"
for t in qemu-system-x86_64 debootstrap mkfs.ext4 debugfs gcc; do
	command -v "$t" > /dev/null || die "missing $t"
done
mkdir -p "$cache" "$out"
out=$(cd "$out" && pwd)

# --- the root filesystem (once) -------------------------------------------

pkgs=systemd-sysv,udev,linux-image-amd64,kdump-tools,makedumpfile,kexec-tools
pkgs=$pkgs,initramfs-tools,procps,kmod,zstd,xz-utils,busybox

build_root() {
	[ -e "$cache/root/.sdtest-root" ] && return 0
	if ! [ -e "$cache/root.tmp/.sdtest-bootstrapped" ]; then
		log "debootstrap bookworm into $cache/root.tmp (a few minutes)"
		rm -rf "$cache/root.tmp"
		debootstrap --variant=minbase --include="$pkgs" bookworm \
			"$cache/root.tmp" "$mirror" > "$cache/debootstrap.log" 2>&1 ||
			die "debootstrap failed, see $cache/debootstrap.log"
		touch "$cache/root.tmp/.sdtest-bootstrapped"
	fi
	configure_root "$cache/root.tmp"
	touch "$cache/root.tmp/.sdtest-root"
	mv "$cache/root.tmp" "$cache/root"
}

# System settings of the image: what an administrator would do to turn on
# kdump-tools, plus the test's own service.
configure_root() {
	r=$1
	echo sdtest > "$r/etc/hostname"
	echo "/dev/vda / ext4 rw,errors=remount-ro 0 1" > "$r/etc/fstab"
	chroot "$r" passwd -d root > /dev/null
	chroot "$r" systemd-machine-id-setup > /dev/null 2>&1 || true
	sed -i 's/^USE_KDUMP=.*/USE_KDUMP=1/' "$r/etc/default/kdump-tools"
	grep -q '^USE_KDUMP=1' "$r/etc/default/kdump-tools" ||
		echo USE_KDUMP=1 >> "$r/etc/default/kdump-tools"
	[ -e "$r/etc/default/kexec" ] &&
		sed -i 's/^LOAD_KEXEC=.*/LOAD_KEXEC=false/' "$r/etc/default/kexec"
	# no timers or fsck surprises during a timed run
	for u in apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer \
		 fstrim.timer man-db.timer; do
		chroot "$r" systemctl mask "$u" > /dev/null 2>&1 || true
	done
}

# The test's files: workload, guest scripts, units.  Cheap; done for every
# image so that a changed script gives a new image key.
install_guest() {
	r=$1
	gcc -O2 -static -o "$r/usr/local/sbin/sdtest-workload" "$here/workload.c"
	install -m 755 "$here/debian-kdump-guest.sh" "$r/usr/local/sbin/debian-kdump-guest"
	install -m 755 "$here/debian-kdump-capture.sh" "$r/usr/local/sbin/debian-kdump-capture"
	install -m 644 "$here/debian-kdump-guest.service" "$r/etc/systemd/system/"
	mkdir -p "$r/etc/systemd/system/kdump-tools-dump.service.d"
	install -m 644 "$here/debian-kdump-capture.conf" \
		"$r/etc/systemd/system/kdump-tools-dump.service.d/sdtest.conf"
	ln -sf /etc/systemd/system/debian-kdump-guest.service \
		"$r/etc/systemd/system/multi-user.target.wants/debian-kdump-guest.service"
}

# sievedump as /usr/bin/makedumpfile, the way an administrator would swap it
# in: a dpkg diversion, and the libraries it needs that the image lacks.
install_sievedump() {
	r=$1 bin=$2
	chroot "$r" dpkg-divert --local --divert /usr/bin/makedumpfile.distrib \
		--rename /usr/bin/makedumpfile > /dev/null
	install -m 755 "$bin" "$r/usr/bin/makedumpfile"
	ldd "$bin" | awk '/=> \//{print $3} /^\t\/lib/{print $1}' |
	while read -r lib; do
		[ -e "$r$lib" ] || [ -e "$r/usr$lib" ] && continue
		mkdir -p "$r$(dirname "$lib")"
		cp -L "$lib" "$r$lib"
	done
	chroot "$r" ldconfig
	chroot "$r" /usr/bin/makedumpfile -v > /dev/null 2>&1 ||
		die "sievedump does not run in the image"
}

# The sievedump package from the build, as a user installs it: apt pulls
# what it depends on and its preinst diverts Debian's makedumpfile.
install_deb() {
	r=$1 deb=$2
	cp "$deb" "$r/tmp/sievedump.deb"
	cp /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
	chroot "$r" apt-get update -qq > /dev/null 2>&1 || true
	chroot "$r" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		/tmp/sievedump.deb > "$cache/apt-deb.log" 2>&1 ||
		die "apt-get install of $deb failed, see $cache/apt-deb.log"
	rm -f "$r/tmp/sievedump.deb"
	chroot "$r" dpkg-divert --list | grep -q 'makedumpfile.*by sievedump' ||
		die "the package did not divert makedumpfile"
	chroot "$r" /usr/bin/makedumpfile -v 2>&1 | grep -q sievedump ||
		die "/usr/bin/makedumpfile is not sievedump after installing $deb"
}

# --- the per-dumper image (once per dumper binary and guest files) --------

key_of() {
	{
		cat "$here/debian-kdump-guest.sh" "$here/debian-kdump-capture.sh" \
		    "$here/debian-kdump-guest.service" "$here/debian-kdump-capture.conf" \
		    "$here/workload.c"
		[ "$dumper" = makedumpfile ] || cat "$dumper"
	} | sha256sum | cut -c1-12
}

kernel_cmdline() {	# kernel_cmdline CRASHKERNEL EXTRA
	echo "console=ttyS0 root=/dev/vda rw panic=1 crashkernel=$1 $2"
}

boot() {	# boot IMAGE CMDLINE CONSOLE
	rc=0
	timeout "$tmo" qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m "$mem" \
		-nographic -monitor none -serial "file:$3" -no-reboot \
		-kernel "$cache/vmlinuz" -initrd "$cache/initrd.img" \
		-append "$2" -drive "file=$1,format=raw,if=virtio" \
		< /dev/null > "$3.qemu" 2>&1 || rc=$?
	return $rc
}

build_image() {
	img=$cache/img-$1.raw
	[ -e "$img" ] && return 0
	dir=$cache/root-$1
	rm -rf "$dir"
	log "image $img: copy of the root, $dumper"
	cp -a "$cache/root" "$dir"
	install_guest "$dir"
	case $dumper in
	makedumpfile) ;;
	*.deb) install_deb "$dir" "$dumper" ;;
	*) install_sievedump "$dir" "$dumper" ;;
	esac
	# kdump-tools builds its initrd itself in the prepare boot
	rm -f "$dir"/var/lib/kdump/initrd.img* "$dir"/var/lib/kdump/latest_sysctls-*
	mkdir -p "$dir/var/lib/sdtest"
	kv=$(ls "$dir/lib/modules" | sort -V | tail -n 1)
	cp "$dir/boot/vmlinuz-$kv" "$cache/vmlinuz"
	cp "$dir/boot/initrd.img-$kv" "$cache/initrd.img"
	rm -f "$img.tmp"
	mkfs.ext4 -q -F -L sdroot -d "$dir" "$img.tmp" 6G ||
		die "mkfs.ext4 -d failed"
	rm -rf "$dir"
	log "prepare boot: kdump-tools builds its initrd in the guest"
	boot "$img.tmp" "$(kernel_cmdline 256M 'sdtest.crash=0')" \
		"$cache/prepare-$1.log" || die "prepare boot failed ($rc), see $cache/prepare-$1.log"
	debugfs -R 'ls -l /var/lib/kdump' "$img.tmp" 2>/dev/null |
		grep -q 'initrd.img-' || die "no kdump initrd after the prepare boot, see $cache/prepare-$1.log"
	mv "$img.tmp" "$img"
	# every new sievedump build makes an image: keep the newest three
	ls -t "$cache"/img-*.raw | tail -n +4 | xargs -r rm -f
}

# --- reading the image on the host ----------------------------------------

dfs() { debugfs -R "$1" "$disk" 2>/dev/null; }
dcat() { debugfs -R "cat $1" "$disk" 2>/dev/null; }

collect() {
	mkdir -p "$out/first" "$out/capture" "$out/crash"
	for d in first capture; do
		for f in $(dfs "ls -p /var/lib/sdtest/$d" | awk -F/ '$3 ~ /^100/ {print $6}'); do
			dcat "/var/lib/sdtest/$d/$f" > "$out/$d/$f"
		done
	done
	dfs 'ls -l /var/lib/kdump' > "$out/ls-var-lib-kdump.txt"
	dfs 'ls -l /var/crash' > "$out/ls-var-crash.txt"
	stamp=$(dfs 'ls /var/crash' | tr -s ' ' '\n' | grep '^[0-9]\{12\}$' | tail -n 1)
	dump_bytes=0 saved=no
	if [ -n "$stamp" ]; then
		dfs "ls -l /var/crash/$stamp" > "$out/crash/ls.txt"
		for f in $(awk '{print $NF}' "$out/crash/ls.txt" | grep -v '^\.' | grep -v '^dump\.'); do
			dcat "/var/crash/$stamp/$f" > "$out/crash/$f"
		done
		dump=$(awk '$NF ~ /^dump\./ {print $NF}' "$out/crash/ls.txt" | head -n 1)
		if [ -n "$dump" ]; then
			dump_bytes=$(awk -v f="$dump" '$NF == f {print $(NF-3)}' "$out/crash/ls.txt")
			[ "${dump_bytes:-0}" -gt 0 ] && saved=yes
			dfs "stat /var/crash/$stamp/$dump" > "$out/crash/dump-stat.txt"
			dd if=/dev/null 2>/dev/null
			debugfs -R "dump /var/crash/$stamp/$dump $out/crash/$dump" "$disk" 2>/dev/null
			head -c 8 "$out/crash/$dump" > "$out/crash/dump-magic.bin"
			[ "$keep" = 1 ] || rm -f "$out/crash/$dump"
		fi
	fi
}

# initrd.img of kdump-tools: packed size and unpacked size (all members)
initrd_sizes() {
	f=$out/first-initrd.img
	debugfs -R "dump /var/lib/kdump/initrd.img-$kver $f" "$disk" 2>/dev/null
	[ -s "$f" ] || return 0
	echo "kdump_initrd_bytes=$(stat -c %s "$f")"
	# unmkinitramfs (initramfs-tools-core) of the image itself: it copes
	# with early cpio pieces and every compressor the image's tools know
	u=$cache/root/tmp/sdtest-initrd
	rm -rf "$u"
	mkdir -p "$u/files"
	cp "$f" "$u/initrd.img"
	if chroot "$cache/root" unmkinitramfs /tmp/sdtest-initrd/initrd.img \
		/tmp/sdtest-initrd/files 2>/dev/null; then
		echo "kdump_initrd_unpacked_bytes=$(du -sb --apparent-size "$u/files" | cut -f1)"
		echo "kdump_initrd_entries=$(find "$u/files" -mindepth 1 | wc -l)"
	fi
	rm -rf "$u"
	rm -f "$f"
}

# --- the run -------------------------------------------------------------

if [ "$dumper" != makedumpfile ]; then
	case $dumper in
	*.deb) [ -s "$dumper" ] || die "--dumper: no package $dumper" ;;
	*) [ -x "$dumper" ] || die "--dumper: $dumper is not an executable" ;;
	esac
	dumper=$(cd "$(dirname "$dumper")" && pwd)/$(basename "$dumper")
fi
build_root
key=$(key_of)
build_image "$key"

rm -rf "$out/first" "$out/capture" "$out/crash"
rm -f "$out/result.txt" "$out/console.log"
disk=$out/disk.raw
cp --sparse=always "$cache/img-$key.raw" "$disk"
extra="sdtest.anon=$anon sdtest.crash=$crash $append"
cmdline=$(kernel_cmdline "$ck" "$extra")
log "boot: -m $mem, $cmdline"
t0=$(date +%s)
qrc=0
boot "$disk" "$cmdline" "$out/console.log" || qrc=$?
t1=$(date +%s)
collect
kver=$(cat "$out/first/uname.txt" 2>/dev/null || true)
# the capture kernel's part of the console: from its "Linux version" line on
awk '/Linux version/ {n++} n >= 2' "$out/console.log" > "$out/capture-console.log"
boots=$(grep -c 'Linux version' "$out/console.log" || true)
oom=$(grep -c -E 'Out of memory|oom-killer|Kernel panic' "$out/capture-console.log" || true)
{
	echo "saved=$saved"
	echo "dump_bytes=$dump_bytes"
	echo "crashkernel=$ck"
	echo "mem=$mem"
	echo "dumper=$dumper"
	echo "image=img-$key.raw"
	echo "qemu_rc=$qrc"
	echo "seconds=$((t1 - t0))"
	echo "kernel=$kver"
	echo "loaded=$(sed -n 's/^loaded=//p' "$out/first/result.txt" 2>/dev/null)"
	echo "capture_kernel_booted=$([ "$boots" -ge 2 ] && echo yes || echo no)"
	echo "capture_oom_or_panic_lines=$oom"
	[ -s "$out/capture/meminfo.txt" ] && sed -n \
		's/^\(MemTotal\|MemFree\|MemAvailable\|Shmem\): *\([0-9]*\) kB/capture_\1_kb=\2/p' \
		"$out/capture/meminfo.txt" | tr 'A-Z' 'a-z'
	[ -s "$out/capture/memavail.txt" ] &&
		echo "capture_min_memavailable_kb=$(awk '{print $3}' "$out/capture/memavail.txt" | sort -n | head -n 1)"
	[ -s "$out/first/meminfo.txt" ] && sed -n \
		's/^\(MemTotal\|MemAvailable\): *\([0-9]*\) kB/first_\1_kb=\2/p' \
		"$out/first/meminfo.txt" | tr 'A-Z' 'a-z'
	[ -n "$kver" ] && {
		echo "vmlinuz_bytes=$(dfs "stat /boot/vmlinuz-$kver" | sed -n 's/.*Size: \([0-9]*\).*/\1/p' | head -n 1)"
		initrd_sizes
	}
	[ -s "$out/first/plan-kcore.txt" ] &&
		sed -n 's/^crashkernel: */plan_crashkernel=/p' "$out/first/plan-kcore.txt" | cut -c1-40
	grep -m 1 -E 'Out of memory|Kernel panic' "$out/capture-console.log" |
		sed 's/^/capture_failure=/'
	awk '/Linux version/ {n++} n >= 2 && /^\[ *[0-9.]+\]/ {t = $0} END {print t}' \
		"$out/console.log" | sed -n 's/^\[ *\([0-9.]*\)\].*/capture_last_kernel_time=\1/p'
} > "$out/result.txt"
[ "$keep" = 1 ] || rm -f "$disk"
cat "$out/result.txt"
