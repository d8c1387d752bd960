#!/usr/bin/env bash
# cmake --install (CMakeLists.txt): a plain Release build of this source tree,
# of its own in $T (no sanitizers, whatever build the suite runs in), installed
# into $T/prefix. Checks that every file is there and is the source's; that
# the installed veille runs, and, moved with its prefix elsewhere and built
# with a lexicon folder that does not exist (-DVEILLE_DATADIR), still finds
# its installed lexicons (share/veille/data, beside its bin/) and extracts a
# person; that a program built with `pkg-config --cflags --libs veille`
# (libveille.so) and with `--static` (libveille.a) runs and says the CLI's
# version; that libveille.so exports the VL_API functions of veille.h and
# nothing else; that the bash completion is registered and offers the
# commands and options of the CLI's help; that the man page reads, and names
# every command and option. Under a minute on two cores (20 s idle), mostly
# the build.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
require_bin

for tool in cmake cc pkg-config make; do
    command -v "$tool" >/dev/null 2>&1 || skip "no $tool (apt-get install build-essential cmake pkg-config)"
done
want=$(sed -n 's/^project(veille VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")
[ -n "$want" ] || die "no version in CMakeLists.txt's project()"
major=${want%%.*}

# --- build and install ----------------------------------------------------------
B=$T/build P=$T/prefix
NODATA=$T/no-such-folder/data
# The environment of a sanitizer build stays out of this one.
unset CFLAGS LDFLAGS
run cmake -S "$REPO" -B "$B" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$P" \
    -DVEILLE_SANITIZE=OFF -DVEILLE_FUZZ=OFF -DVEILLE_WERROR=OFF -DVEILLE_DATADIR="$NODATA"
[ "$RC" = 0 ] || die "cmake configure failed: $(printf '%s' "$ERR$OUT" | tail -n 15)"
run cmake --build "$B" -j2
[ "$RC" = 0 ] || die "build failed: $(printf '%s' "$OUT$ERR" | grep -E 'error|Error' | head -n 15)"
run cmake --install "$B"
[ "$RC" = 0 ] || die "cmake --install failed: $(printf '%s' "$ERR$OUT" | tail -n 15)"
libdir=$(sed -n 's/^CMAKE_INSTALL_LIBDIR:PATH=//p' "$B/CMakeCache.txt")
assert_ne "" "$libdir" "CMAKE_INSTALL_LIBDIR in the build's cache"
L=$P/$libdir

# --- the files ------------------------------------------------------------------
same_file() { # INSTALLED SOURCE
    CHECKS=$((CHECKS + 1))
    if [ ! -f "$1" ]; then fail "not installed: ${1#"$T"/}"; return 1; fi
    cmp -s "$1" "$2" || fail "${1#"$T"/} differs from ${2#"$REPO"/}"
}
for f in bin/veille "$libdir/libveille.a" "$libdir/libveille.so.$want"; do
    CHECKS=$((CHECKS + 1))
    [ -s "$P/$f" ] || fail "not installed (or empty): prefix/$f"
done
CHECKS=$((CHECKS + 1))
[ -x "$P/bin/veille" ] || fail "prefix/bin/veille is not executable"
assert_eq "libveille.so.$want" "$(readlink "$L/libveille.so.$major")" "libveille.so.$major links to the versioned library"
assert_eq "libveille.so.$major" "$(readlink "$L/libveille.so")" "libveille.so links to the SOVERSION name"
same_file "$P/include/veille.h" "$REPO/include/veille.h"
same_file "$P/share/man/man1/veille.1" "$REPO/docs/veille.1"
same_file "$P/share/bash-completion/completions/veille" "$REPO/completions/veille.bash"
CHECKS=$((CHECKS + 1))
[ -f "$L/pkgconfig/veille.pc" ] || fail "not installed: prefix/$libdir/pkgconfig/veille.pc"
# the lexicons: every file of data/, as it is there, and nothing else
n=0
while IFS= read -r f; do
    same_file "$P/share/veille/data/$f" "$REPO/data/$f"
    n=$((n + 1))
done < <(cd "$REPO/data" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
assert_cmp "$n" -gt 20 "lexicons in data/"
assert_eq "$n" "$(find "$P/share/veille/data" -type f | wc -l)" "files in prefix/share/veille/data"

# --- the installed binary -------------------------------------------------------
run "$P/bin/veille" --version
assert_rc 0 "installed veille --version"
assert_eq "veille $want" "$OUT" "installed veille --version"
run "$VEILLE_BIN" --version
assert_eq "veille $want" "$OUT" "the tested build's veille --version"

# --- libveille.so: its name and what it exports --------------------------------
have_elf=0
command -v readelf >/dev/null && command -v nm >/dev/null && have_elf=1
if [ "$have_elf" = 1 ]; then
    assert_match "$(readelf -d "$L/libveille.so.$want")" "SONAME.*\\[libveille\\.so\\.$major\\]" "libveille.so's SONAME"
    api=$(sed -n 's/^VL_API[^(]*[ *]\([a-z_0-9]*\)(.*/\1/p' "$REPO/include/veille.h" | LC_ALL=C sort)
    exported=$(nm -D --defined-only "$L/libveille.so.$want" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | LC_ALL=C sort)
    assert_cmp "$(printf '%s\n' "$api" | wc -l)" -gt 40 "VL_API functions in veille.h"
    assert_eq "" "$(grep -E '^[a-z].*[ *]vl_[a-z_0-9]*\(' "$REPO/include/veille.h" | grep -vE '^(VL_API|typedef) ')" \
        "every function veille.h declares is VL_API"
    assert_eq "$api" "$exported" "libveille.so exports exactly veille.h's VL_API functions"
else
    printf 'note: no readelf/nm: SONAME and exports not checked\n'
fi

# --- a program of veille.h, through pkg-config ------------------------------------
export PKG_CONFIG_PATH=$L/pkgconfig
unset PKG_CONFIG_LIBDIR
run pkg-config --modversion veille
assert_eq "$want" "$OUT" "pkg-config --modversion veille"
cat >"$T/prog.c" <<'EOF'
/* The library's version, then the lexicon folder a context finds by itself. */
#include <stdio.h>
#include <veille.h>

int main(void)
{
    vl_ctx *ctx = NULL;
    vl_error err;
    vl_error_clear(&err);
    printf("%s\n", vl_version());
    if (vl_ctx_new(NULL, &ctx, &err) != VL_OK) {
        printf("error: %s\n", err.message);
        return 1;
    }
    printf("%s\n", vl_ctx_data_dir(ctx));
    vl_ctx_free(ctx);
    return 0;
}
EOF
# Not beside a bin/ of the prefix: the context finds the lexicons at the
# install prefix (the last rule).
# (the flags, split into words as a shell's $(...) would)
read -ra shared_flags <<<"$(pkg-config --cflags --libs veille)"
run cc -o "$T/prog" "$T/prog.c" "${shared_flags[@]}"
assert_rc 0 "cc prog.c \$(pkg-config --cflags --libs veille)"
if [ -x "$T/prog" ]; then
    [ "$have_elf" = 1 ] && assert_match "$(readelf -d "$T/prog")" 'NEEDED.*libveille\.so' "the program links libveille.so"
    run env -u VEILLE_DATA LD_LIBRARY_PATH="$L" "$T/prog"
    assert_rc 0 "the program on libveille.so"
    assert_eq "$want
$P/share/veille/data" "$OUT" "libveille.so's version and the installed lexicons it found"
fi
static_flags=$(pkg-config --static --cflags --libs veille)
assert_contains "$static_flags" "-lstemmer" "pkg-config --static names libstemmer"
assert_contains "$static_flags" "-lsqlite3" "pkg-config --static names sqlite3 (Requires.private)"
assert_not_contains_i "$(pkg-config --libs veille)" "-lsqlite3" "pkg-config --libs (shared) leaves sqlite3 to libveille.so"
# -l:libveille.a: the archive, though libveille.so sits beside it
read -ra static_flags <<<"${static_flags//-lveille/-l:libveille.a}"
run cc -o "$T/prog_static" "$T/prog.c" "${static_flags[@]}"
assert_rc 0 "cc prog.c \$(pkg-config --static --cflags --libs veille), libveille.a"
if [ -x "$T/prog_static" ]; then
    [ "$have_elf" = 1 ] && assert_not_contains_i "$(readelf -d "$T/prog_static")" "libveille" "the static program needs no libveille.so"
    run env -u VEILLE_DATA -u LD_LIBRARY_PATH "$T/prog_static"
    assert_rc 0 "the program on libveille.a"
    assert_eq "$want" "$(printf '%s\n' "$OUT" | head -n 1)" "libveille.a's version"
fi

# --- the man page and the completion, against the CLI's own help ----------------
run "$P/bin/veille" --help
commands=$(printf '%s\n' "$OUT" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p')
assert_cmp "$(printf '%s\n' "$commands" | wc -w)" -ge 16 "commands in veille --help"
# usage_options CMD: the options of CMD's lines in the usage block of its help
usage_options() {
    "$P/bin/veille" "$1" --help | awk -v cmd="$1" '
        /^$/ { exit }
        /^(usage: |       )veille / { mine = ($2 == "veille" ? $3 : $2) == cmd }
        mine' | grep -oE '\[--?[a-z][a-z-]*' | tr -d '[' | LC_ALL=C sort -u
}
MAN=$P/share/man/man1/veille.1
comp=$P/share/bash-completion/completions/veille
# bash, with the completion sourced: what it offers for WORDS (the last one
# being completed), one a line.
complete_words() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _veille
             printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@" 2>&1 | LC_ALL=C sort
}
run bash -c "source '$comp' && complete -p veille"
assert_eq "complete -F _veille veille" "$OUT" "the completion registers itself for veille"
offered=$(complete_words veille '')
for c in $commands; do
    assert_line "$offered" "$c" "completion of 'veille ' offers $c"
    section=$(grep -E "^\\.SS \"$c( |\")" "$MAN" | sed 's/\\-/-/g')
    assert_ne "" "$section" "the man page has a section on $c"
    opts=$(complete_words veille "$c" -)
    for o in $(usage_options "$c"); do
        assert_line "$opts" "$o" "completion of 'veille $c -' offers $o"
        assert_contains "$section" "[$o" "the man page's synopsis of $c names $o"
    done
done
assert_eq "date" "$(complete_words veille search x --sort d)" "completion of --sort values"
assert_eq "prog.c" "$(cd "$T" && complete_words veille ingest prog.)" "completion of files for ingest"
if command -v man >/dev/null 2>&1; then
    run env MANWIDTH=80 man -l "$MAN"
    assert_rc 0 "man -l prefix/share/man/man1/veille.1"
    assert_match "$OUT" 'VEILLE\(1\)' "man -l: the page's header"
    assert_match "$OUT" 'veille - read French news dispatches' "man -l: the NAME line"
    assert_contains "$OUT" "VEILLE_DATA" "man -l: the environment"
    assert_contains "$OUT" "veille $want" "man -l: the page gives the CLI's version"
else
    printf 'note: no man (apt-get install man-db): man -l not checked\n'
fi
if command -v groff >/dev/null 2>&1; then
    run groff -man -Tutf8 -ww "$MAN"
    assert_eq "" "$ERR" "groff -ww: the man page has no warnings"
fi

# --- moved elsewhere, the binary finds its own lexicons --------------------------
# The build's lexicon folder ($NODATA) does not exist, and the install prefix
# is gone: only share/veille/data beside bin/ is left.
mkdir -p "$T/elsewhere"
mv "$P" "$T/elsewhere/" || die "cannot move the prefix"
M=$T/elsewhere/prefix
printf '%s\n' "HUẾ, 14 avril (VNA) - Le vice-Premier ministre Trần Hồng Hà a présidé lundi à Huế une réunion consacrée à la restauration de la citadelle impériale, a-t-on appris auprès du comité populaire provincial." >"$T/hue.txt"
run env -u VEILLE_DATA "$M/bin/veille" extract "$T/hue.txt"
assert_rc 0 "moved veille extract, without VEILLE_DATA"
assert_eq "Trần Hồng Hà" "$(jout '[.persons[].name] | join(",")')" "moved veille: the person of the sentence"
assert_eq "vice-Premier ministre" "$(jout '.persons[0].titles[0].text')" "moved veille: the person's title"
# and it was those lexicons: without them, it cannot start
mv "$M/share/veille/data" "$M/share/veille/data.off"
run env -u VEILLE_DATA "$M/bin/veille" extract "$T/hue.txt"
assert_rc 2 "moved veille without its lexicons"
assert_match "$ERR" '^veille: .*elisions\.txt' "moved veille without its lexicons: names the missing lexicon"
# VEILLE_DATA and --data come first
run env VEILLE_DATA="$M/share/veille/data.off" "$M/bin/veille" extract "$T/hue.txt"
assert_rc 0 "moved veille with VEILLE_DATA"
assert_eq "Trần Hồng Hà" "$(jout '.persons[0].name')" "moved veille with VEILLE_DATA: the person"
mv "$M/share/veille/data.off" "$M/share/veille/data"
mkdir -p "$T/empty"
run env VEILLE_DATA="$T/empty" "$M/bin/veille" extract "$T/hue.txt"
assert_rc 2 "VEILLE_DATA naming an empty folder wins over the installed lexicons"
run env -u VEILLE_DATA "$M/bin/veille" --data "$T/empty" extract "$T/hue.txt"
assert_rc 2 "--data naming an empty folder wins over the installed lexicons"
finish
