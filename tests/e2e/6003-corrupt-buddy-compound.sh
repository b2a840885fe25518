#!/bin/sh
# Absurd orders in struct pages (sdgen corrupt=buddy_order/compound_order).
# - A free block whose head says order 64, 255 or 2^40: the head is kept
#   with makedumpfile's warning ("Invalid free page order"), the rest of
#   the block too (its pages carry no buddy mark), as makedumpfile 1.7.2.
# - A compound head near the end of RAM whose first tail says an order that
#   is aligned but runs past the end of memory (makedumpfile 1.7.2 would
#   drop the pages after the head), misaligned (40) or huge (255): the head
#   is judged alone, its tails are kept; the aligned case is warned about.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"
. "$SRCDIR/tests/lib/corrupt.sh"

base='flavour=6.1;mem=256M;seed=3'
for o in 64 255 0x10000000000; do
	expect_written "$base;corrupt=buddy_order:$o" 31 \
		"WARNING: Invalid free page order: pfn=106, order=$(printf %d $o)"
done
expect_written "flavour=6.12;mem=128M;seed=8;corrupt=buddy_order:11" 16 \
	"Invalid free page order"

expect_written "$base;corrupt=compound_order:14" 31 \
	"WARNING: Invalid compound page order: pfn=10000, order=14 runs past"
expect_written "$base;corrupt=compound_order:14" 8 "order=14 runs past"
for o in 40 255; do
	expect_written "$base;corrupt=compound_order:$o" 31
	grep -q "Invalid compound page order" "$TMP/log" &&
		fail "compound_order:$o: misaligned orders are ignored silently (as makedumpfile)"
done
expect_written "flavour=6.12;mem=96M;seed=9;corrupt=compound_order:14" 31 \
	"Invalid compound page order"
# the knob refuses orders that would be valid (the truth could not say)
"$SDGEN" -e "$base;corrupt=compound_order:1" "$TMP/x" 2>"$TMP/err" &&
	fail "sdgen accepted a valid compound order"
expect_grep "$TMP/err" "is valid at pfn"
finish
