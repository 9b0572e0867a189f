#!/bin/bash
# syntax-check files one by one (no build dir needed)
FLAGS="-std=c++23 -fsyntax-only -fPIC -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-qual -Wformat=2 -Wimplicit-fallthrough -Wmissing-declarations -Werror -DRD_VERSION=\"0\" -DQT_NO_KEYWORDS -DQT_NO_CAST_FROM_ASCII -DQT_NO_CAST_TO_ASCII -DQT_USE_QSTRINGBUILDER -DQT_NO_CONTEXTLESS_CONNECT -DQT_NO_FOREACH -DQT_STRICT_ITERATORS $(pkg-config --cflags Qt6Core Qt6Network Qt6Test libgit2 yaml-cpp) -Icore -Itests/support -Iapp/cli"
for f in "$@"; do echo "== $f"; g++ $FLAGS "$f" 2>&1 | grep -E "error|warning" | head -20; done
