// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "diff.h"

#include <QList>

// The text forms `git diff` prints — patch, --stat, --name-status — written from a Diff.
namespace rd::git {

using ByteSink = std::function<void(QByteArrayView)>;

// git's C-style quoting of a path with core.quotepath=true: unchanged when it has only
// printable ASCII, else "…" with \t, \n, \", \\ and octal escapes for other bytes.
QByteArray quotePath(QByteArrayView path);

// The whole diff as `git diff OLD NEW` prints it, one file at a time (never the whole text at
// once). Returns every file with its stats, which printing computes anyway.
[[nodiscard]] Result<QList<FileChange>> writePatch(const Diff &diff, const ByteSink &sink);

// Every file with insertions, deletions and binary flag (each file's patch is computed, then
// dropped).
[[nodiscard]] Result<QList<FileChange>> collectStats(const Diff &diff);

// `git diff --stat` for `files` at `width` columns: the same names (renames as dir/{a => b}),
// counts and summary line; the +/- graph is scaled like git's.
QByteArray formatStat(const QList<FileChange> &files, int width = 80);
// `git diff --name-status`: "M\tpath", "R087\told\tnew".
QByteArray formatNameStatus(const QList<FileChange> &files);

} // namespace rd::git
