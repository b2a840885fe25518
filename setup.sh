#!/bin/sh
# One command for a fresh Debian 12 machine: install the build and test
# dependencies, build sievedump, make the example vmcore and run on it.
set -eu
cd "$(dirname "$0")"
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
	build-essential autoconf automake autoconf-archive libtool pkg-config \
	libelf-dev zlib1g-dev liblzo2-dev libsnappy-dev libzstd-dev libdeflate-dev libisal-dev \
	libroaring-dev libfuse3-dev fuse3 makedumpfile python3 time bc >/dev/null
./autogen.sh >/dev/null
./configure -q
make -j"$(nproc)" >/dev/null
make -j"$(nproc)" tests/gen/sdgen >/dev/null
mkdir -p example
tests/gen/sdgen --truth example/truth.txt examples/example.spec example/vmcore
echo "Example vmcore: example/vmcore (ground truth in example/truth.txt)"
./sievedump --plan -d 31 -l example/vmcore
./sievedump -f -l -d 31 --message-level 31 example/vmcore example/dump.kdump
