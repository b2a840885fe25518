#!/bin/sh
# -F and -R: our stream rebuilt by our -R equals our file; makedumpfile -R
# rebuilds our stream to the same file and our -R rebuilds makedumpfile's
# stream to makedumpfile's file.  -R refuses bad signatures, types, end
# markers and truncated streams; -F into a closed pipe is a clear error.
. "${SRCDIR:=$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib/e2e.sh"

"$SDGEN" -e 'flavour=6.1;paging=5;mem=64M;seed=21' "$TMP/core" || fail "sdgen"

for args in "-c -d 31" "-d 1" "-d 0 -b 0"; do
	rm -f "$TMP/file" "$TMP/re"
	"$SIEVEDUMP" $args "$TMP/core" "$TMP/file" >/dev/null 2>&1 ||
		fail "$args: file"
	"$SIEVEDUMP" -F $args "$TMP/core" >"$TMP/stream" 2>"$TMP/err" ||
		fail "$args: -F"
	if grep -q 'The dumpfile is saved' "$TMP/stream"; then
		fail "$args: messages leaked into the -F stream"
	fi
	"$SIEVEDUMP" -R "$TMP/re" <"$TMP/stream" >/dev/null 2>&1 ||
		fail "$args: -R"
	cmp "$TMP/re" "$TMP/file" >&2 && pass "$args: our -F | our -R = our file" ||
		fail "$args: our -R of our stream differs from our file"
	if have_makedumpfile; then
		rm -f "$TMP/mre" "$TMP/mfile" "$TMP/re2"
		makedumpfile -R "$TMP/mre" <"$TMP/stream" >/dev/null 2>&1 ||
			fail "$args: makedumpfile -R of our stream"
		cmp "$TMP/mre" "$TMP/file" >&2 &&
			pass "$args: makedumpfile -R of our stream = our file" ||
			fail "$args: makedumpfile -R of our stream differs"
		makedumpfile -F $args "$TMP/core" >"$TMP/mstream" 2>/dev/null ||
			fail "$args: makedumpfile -F"
		makedumpfile $args "$TMP/core" "$TMP/mfile" >/dev/null 2>&1 ||
			fail "$args: makedumpfile file"
		"$SIEVEDUMP" -R "$TMP/re2" <"$TMP/mstream" >/dev/null 2>&1 ||
			fail "$args: our -R of makedumpfile's stream"
		cmp "$TMP/re2" "$TMP/mfile" >&2 &&
			pass "$args: our -R of makedumpfile's stream = its file" ||
			fail "$args: our -R of makedumpfile's stream differs"
	fi
done

# -R refuses broken streams.
refuse() {	# refuse LABEL MESSAGE < stream
	label=$1; want=$2
	rm -f "$TMP/bad"
	"$SIEVEDUMP" -R "$TMP/bad" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	if [ "$rc" -eq 1 ] && grep -qF -- "$want" "$TMP/err"; then
		pass "-R refuses $label"
	else
		fail "-R $label: exit $rc"
		sed 's/^/  /' "$TMP/err" >&2
	fi
}
size=$(stat -c %s "$TMP/stream")
{ printf 'makedumpfilX'; tail -c +13 "$TMP/stream"; } | refuse "a bad signature" "Can't get signature of flattened format"
{ head -c 16 "$TMP/stream"; printf '\0\0\0\0\0\0\0\2'; tail -c +25 "$TMP/stream"; } |
	refuse "a bad type" "Can't get type of flattened format"
head -c $((size - 16)) "$TMP/stream" | refuse "a missing end marker" "Can't get valid end header"
{ head -c $((size - 16)) "$TMP/stream"; printf '\377\377\377\377\377\377\377\377\0\0\0\0\0\0\0\0'; } |
	refuse "a bad end marker" "Can't get valid end header of flattened format"
head -c 5000 "$TMP/stream" | refuse "a truncated record" "Can't get data of flattened format"
head -c 100 "$TMP/stream" | refuse "a short start header" "Can't get header of flattened format"
# the version field is not checked (makedumpfile -R does not either)
rm -f "$TMP/v"
{ head -c 24 "$TMP/stream"; printf '\0\0\0\0\0\0\0\7'; tail -c +33 "$TMP/stream"; } |
	"$SIEVEDUMP" -R "$TMP/v" >/dev/null 2>&1 && cmp -s "$TMP/v" "$TMP/file" &&
	pass "-R ignores the version field" || fail "-R with version 7"

# A reader that goes away: a clear error and exit 1, not a silent SIGPIPE.
( "$SIEVEDUMP" -F -d 0 "$TMP/core" 2>"$TMP/pipe.err"; echo $? >"$TMP/pipe.rc" ) | head -c 100 >/dev/null
rc=$(cat "$TMP/pipe.rc")
if [ "$rc" -eq 1 ] && grep -q 'Broken pipe' "$TMP/pipe.err"; then
	pass "-F into a closed pipe"
else
	fail "-F into a closed pipe: exit $rc"
	tail -3 "$TMP/pipe.err" >&2
fi
finish
