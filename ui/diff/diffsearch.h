// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/diff.h"

#include <QString>

namespace rd::ui {

// How often `needle` occurs (case-insensitive) in file `index` of `diff` as the diff view
// shows it: the same lines (loadFilePatch with all context, folded or not) and the same rule as
// DiffView::setSearchText, so the count of a file matches what the view finds when it opens.
// 0 for files shown as a summary. One file's lines are held at a time.
int countMatchesInFile(const git::Diff &diff, qsizetype index, const QString &needle);

} // namespace rd::ui
