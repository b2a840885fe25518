#!/bin/busybox sh
# /init of the sievedump QEMU initramfs (installed by mkinitramfs.sh).
#
# Two roles, chosen by the kernel command line (sievedump.role=) or, failing
# that, by whether /proc/vmcore exists:
#
#   first    load virtio, run the workload, save /proc/{meminfo,zoneinfo,
#            buddyinfo,...} to the info disk, load /boot/vmlinuz as the
#            capture kernel with kexec -p, crash with sysrq-c.
#   capture  save the first MiB of /proc/vmcore (ELF headers and notes, so
#            VMCOREINFO) to the info disk, run /dump.sh with its stdout going
#            to the dump disk, record the result, power off.
#
# Disks: /dev/vda (first -drive) receives the dump at offset 0.
#        /dev/vdb (second -drive) is the info disk: a tar written by the
#        first kernel at 0, a tar written by the capture kernel at 32 MiB,
#        and 16 MiB of page cache test data at 64 MiB.
# Every line meant for the host starts with "sievedump: ".
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec < /dev/console > /dev/console 2>&1

say() { echo "sievedump: $*"; }
die() { say "FAILED: $*"; sync; poweroff -f; sleep 10; exit 1; }

param() {	# param NAME DEFAULT: value of sievedump.NAME= on the cmdline
	v=$2
	for w in $(cat /proc/cmdline); do
		case $w in sievedump.$1=*) v=${w#sievedump.$1=} ;; esac
	done
	echo "$v"
}

load_virtio() {
	for m in $(cat /lib/modules/order); do
		insmod "/lib/modules/$m.ko" || die "insmod $m"
	done
	for i in $(seq 50); do
		[ -b /dev/vda ] && [ -b /dev/vdb ] && return 0
		sleep 0.2
	done
	die "no /dev/vda and /dev/vdb"
}

save_tar() {	# save_tar DIR OFFSET_MIB: tar DIR onto the info disk
	tar -cf /tmp/info.tar -C "$1" . || die "tar $1"
	dd if=/tmp/info.tar of=/dev/vdb bs=1M seek="$2" conv=fsync 2>/dev/null ||
		die "writing info at $2 MiB"
}

text_sym() {	# arm64: give kexec a /proc/kallsyms that has _text
	# Debian's arm64 kernels (no KALLSYMS_ALL) list _stext but not _text,
	# and kexec-tools 2.0.25 then writes the crash ELF header with
	# page_offset 0.  _text is _stext - 64 KiB (sievedump.text_offset=,
	# in hex), the KASLR slide being the same for both.
	grep -q ' _text$' /proc/kallsyms && return 0
	s=$(sed -n 's/^\([0-9a-f]\{16\}\) [Tt] _stext$/\1/p' /proc/kallsyms)
	[ -n "$s" ] || die "no _stext in /proc/kallsyms"
	lo=$((0x${s#????????} - 0x$(param text_offset 10000)))
	[ $lo -ge 0 ] || die "_stext $s: _text would borrow"
	t=$(printf '%s%08x' "${s%????????}" $lo)
	{ echo "$t T _text"; cat /proc/kallsyms; } > /tmp/kallsyms
	mount -o bind /tmp/kallsyms /proc/kallsyms || die "bind-mounting kallsyms"
	echo "_text=$t _stext=$s" > /info/text.txt
	say "kallsyms for kexec: _text $t (_stext $s)"
}

plan_kcore() {	# sievedump's plan from /proc/kcore, as before a crash
	# The ELF headers of /proc/kcore (for readelf -l on the host).
	dd if=/proc/kcore of=/info/kcore-head.bin bs=64k count=1 2>/dev/null
	/bin/sievedump --plan -d 31 -l /proc/kcore > /info/plan-kcore.txt 2>&1
	echo "plan_rc=$?" > /info/plan-kcore.rc
	/bin/sievedump --plan=json -d 31 -l /proc/kcore > /info/plan-kcore.json 2>&1
	echo "plan_json_rc=$?" >> /info/plan-kcore.rc
	say "plan: $(grep -m1 '^crashkernel:' /info/plan-kcore.txt ||
		tail -n 2 /info/plan-kcore.txt | tr '\n' ' ')"
}

mem_usage_kcore() {	# --mem-usage /proc/kcore: sievedump, makedumpfile, sievedump
	# The live kernel changes between runs; the two sievedump runs bracket
	# makedumpfile's so the host can tell drift from a difference.
	for run in sd1 mdf sd2; do
		case $run in
		sd*) bin=/bin/sievedump ;;
		mdf) bin=/bin/makedumpfile ;;
		esac
		[ -x $bin ] || continue
		$bin --mem-usage /proc/kcore > /info/mem-usage-$run.txt 2>&1
		echo "mem_usage_${run}_rc=$?" >> /info/mem-usage.rc
	done
}

first() {
	load_virtio
	say "first kernel $(uname -r): workload"
	# Page cache: tmpfs files (shmem) and a raw block device (file-backed
	# pages of the bdev mapping): random data written, synced, read back,
	# plus zero-filled pages read from the still empty dump disk.  The
	# kernel drops a block device's page cache on its last close, so keep
	# both disks open until the crash.
	exec 7< /dev/vda 8< /dev/vdb
	mkdir -p /mnt/tmpfs
	mount -t tmpfs tmpfs /mnt/tmpfs
	dd if=/dev/urandom of=/mnt/tmpfs/random bs=1M count=16 2>/dev/null
	seq 1 400000 > /mnt/tmpfs/text
	cat /mnt/tmpfs/random /mnt/tmpfs/text > /dev/null
	dd if=/mnt/tmpfs/random of=/dev/vdb bs=1M seek=64 2>/dev/null
	sync
	dd if=/dev/vdb bs=1M skip=64 count=16 of=/dev/null 2>/dev/null
	dd if=/dev/vda bs=1M count=8 of=/dev/null 2>/dev/null
	# Anonymous, zero and fragmented memory, held until the crash.
	/bin/workload $(param workload "48,16,64" | tr , " ") > /tmp/workload.out &
	for i in $(seq 600); do
		grep -q ready /tmp/workload.out 2>/dev/null && break
		sleep 0.1
	done
	say "$(cat /tmp/workload.out)"

	mkdir -p /info
	for f in meminfo zoneinfo buddyinfo pagetypeinfo vmstat iomem cmdline; do
		cat /proc/$f > /info/$f.txt 2>&1
	done
	cat /sys/kernel/vmcoreinfo > /info/vmcoreinfo-addr.txt	# "PADDR SIZE"
	uname -a > /info/uname.txt
	grep -m1 -E '^(flags|Features)' /proc/cpuinfo > /info/cpuflags.txt
	[ -x /bin/sievedump ] && plan_kcore
	[ -x /bin/sievedump ] && mem_usage_kcore
	[ "$(uname -m)" != aarch64 ] || text_sym
	save_tar /info 0

	# the first kernel's console (ttyS0, arm64: ttyAMA0)
	con=$(sed -n 's/^\(.* \)\{0,1\}console=\([^ ]*\).*/\2/p' /proc/cmdline)
	append="console=${con:-ttyS0} reset_devices nr_cpus=1 irqpoll panic=1"
	append="$append sievedump.role=capture $(param capture_append "")"
	say "kexec -p --append=\"$append\""
	kexec -p /boot/vmlinuz --initrd=/boot/initrd.gz --append="$append" ||
		kexec -s -p /boot/vmlinuz --initrd=/boot/initrd.gz --append="$append" ||
		die "kexec -p"
	[ "$(cat /sys/kernel/kexec_crash_loaded)" = 1 ] || die "capture kernel not loaded"
	say "crashing"
	sync
	echo 1 > /proc/sys/kernel/sysrq
	echo c > /proc/sysrq-trigger
	die "still alive after sysrq-c"
}

capture() {
	load_virtio
	say "capture kernel $(uname -r): /proc/vmcore is $(stat -c %s /proc/vmcore) bytes"
	mkdir -p /info
	dd if=/proc/vmcore of=/info/vmcore-head.bin bs=1M count=1 2>/dev/null
	export VMCORE=/proc/vmcore DISK=/dev/vda
	t0=$(date +%s)
	bytes=$({ /dump.sh; echo $? > /tmp/dump.rc; } | sink /dev/vda)
	t1=$(date +%s)
	{
		echo "dump_rc=$(cat /tmp/dump.rc)"
		echo "dump_bytes=$bytes"
		echo "vmcore_size=$(stat -c %s /proc/vmcore)"
		echo "dump_seconds=$((t1 - t0))"
		echo "kernel=$(uname -r)"
	} > /info/result.txt
	dmesg > /info/dmesg.txt
	save_tar /info 32
	say "result $(cat /info/result.txt | tr '\n' ' ')"
	sync
	poweroff -f
}

role=$(param role "")
[ -n "$role" ] || { [ -e /proc/vmcore ] && role=capture || role=first; }
case $role in
first)   first ;;
capture) capture ;;
*)       die "unknown role $role" ;;
esac
