# SD_OPTIONAL_LIB(NAME, VAR, PKG, LIB, FUNC, HEADER)
# --with-NAME=yes|no|check (default check).  Tries pkg-config PKG first, then
# a plain library search for FUNC in LIB (Debian ships no .pc for some).
# Defines HAVE_VAR in config.h, AM_CONDITIONAL HAVE_VAR, VAR_CFLAGS, VAR_LIBS.
AC_DEFUN([SD_OPTIONAL_LIB], [
	AC_ARG_WITH([$1],
		[AS_HELP_STRING([--with-$1=yes|no|check], [use $1 (default: check)])],
		[], [with_]m4_translit([$1], [-], [_])[=check])
	sd_want="$with_]m4_translit([$1], [-], [_])["
	sd_have_$2=no
	AS_IF([test "x$sd_want" != xno], [
		PKG_CHECK_MODULES([$2], [$3], [sd_have_$2=yes], [
			sd_save_LIBS=$LIBS
			AC_SEARCH_LIBS([$5], [$4], [
				AS_IF([test "x$ac_cv_search_$5" != "xnone required"],
					[$2_LIBS=$ac_cv_search_$5])
				sd_have_$2=yes], [])
			LIBS=$sd_save_LIBS
		])
		AS_IF([test "x$sd_have_$2" = xyes], [
			sd_save_CPPFLAGS=$CPPFLAGS
			CPPFLAGS="$CPPFLAGS $$2_CFLAGS"
			AC_CHECK_HEADER([$6], [], [sd_have_$2=no])
			CPPFLAGS=$sd_save_CPPFLAGS
		])
	])
	AS_IF([test "x$sd_want" = xyes && test "x$sd_have_$2" != xyes],
		[AC_MSG_ERROR([--with-$1=yes given but $1 was not found])])
	AS_IF([test "x$sd_have_$2" = xyes],
		[AC_DEFINE([HAVE_$2], [1], [Define if $1 is available])],
		[$2_CFLAGS=; $2_LIBS=])
	AC_SUBST([$2_CFLAGS])
	AC_SUBST([$2_LIBS])
	AM_CONDITIONAL([HAVE_$2], [test "x$sd_have_$2" = xyes])
])

# SD_LIB_SONAME(VAR, LIB): when HAVE_VAR, define VAR_SONAME to the soname
# of libLIB.so as the linker finds it (objdump -p), for dlopen(); the
# library is then not linked into the programs (VAR_LIBS stays for tools
# that call it directly).  Falls back to "libLIB.so".
AC_DEFUN([SD_LIB_SONAME], [
	AS_IF([test "x$sd_have_$1" = xyes], [
		AC_MSG_CHECKING([the soname of lib$2])
		sd_so=`$CC -print-file-name=lib$2.so`
		sd_soname=`LC_ALL=C $OBJDUMP -p "$sd_so" 2>/dev/null | sed -n 's/^ *SONAME *//p'`
		AS_IF([test -z "$sd_soname"], [sd_soname=lib$2.so])
		AC_MSG_RESULT([$sd_soname])
		AC_DEFINE_UNQUOTED([$1_SONAME], ["$sd_soname"],
			[soname of lib$2, loaded when a dump uses it])
	])
])
