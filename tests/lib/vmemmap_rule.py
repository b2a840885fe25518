# SPDX-License-Identifier: GPL-2.0-or-later
"""The -e rule of doc/exclude-vmemmap.md on sdgen's truth file, shared by
tests 2302 and 2303: the 64-pfn words of free or offline pfns whose
struct pages -e judges."""
WORD, BLOCK = 64, 32768


def free_runs(truth):
    """Runs [s, e) of present free or offline pfns in the truth file, and
    the max_pfn of its header (None when it has none)."""
    runs, max_pfn = [], None
    for line in open(truth):
        if line.startswith('# max_pfn'):
            max_pfn = int(line.split()[2], 16)
        if line.startswith('#'):
            continue
        f = line.split()
        s, n, cls = int(f[0], 16), int(f[1], 16), f[2]
        if cls not in ('free', 'free_zero', 'offline'):
            continue
        if runs and runs[-1][1] == s:
            runs[-1][1] = s + n
        else:
            runs.append([s, s + n])
    return runs, max_pfn


def judged_words(runs, max_pfn):
    """Yield, run by run, the words (pfn // 64) -e judges: whole words of a
    run cut at 32768-pfn blocks, two or more of them, none in the last
    block below max_pfn; with each, the pfns [lo, hi) judged with it."""
    limit = ((max_pfn + BLOCK - 1) // BLOCK - 1) * BLOCK
    for s, e in runs:
        b = s // BLOCK * BLOCK
        while b < e:
            ws = (max(s, b) + WORD - 1) // WORD
            we = min(e, b + BLOCK) // WORD
            lo, hi = ws * WORD, min(we * WORD, limit)
            if we >= ws + 2:
                for w in range(ws, hi // WORD):
                    yield w, lo, hi
            b += BLOCK
