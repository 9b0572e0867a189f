// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/diff.h"

#include <QList>
#include <QString>

namespace rd::ui {

// One row of a file's patch as the diff view shows it.
struct PatchLine
{
    enum class Kind : quint8 { Hunk, Context, Added, Removed, NoNewline };
    Kind kind = Kind::Context;
    int oldLine = -1;          // from 1; -1 where the side has none
    int newLine = -1;
    int hunk = 0;              // index of the hunk the line belongs to
    QString text;              // without the line break; for Hunk the "@@ … @@ …" header
};

// A file's change, loaded for display: every line, or a summary when showing lines would not
// help (binary, submodule, beyond the line budget).
struct FilePatch
{
    git::FileChange file;
    QList<PatchLine> lines;
    QString summary;           // set instead of lines for binary, submodule and huge files
    bool fullContext = false;  // `lines` hold every unchanged line too (the view folds them)

    bool isSummary() const { return !summary.isEmpty(); }
};

// Loads file `index` of `diff` for display. Files with more than `maxLines` patch lines are
// summarised instead: a person does not read them in a viewer, and they would cost memory.
// `fullContext`: with every unchanged line, so the view can fold and unfold the gaps between
// changes; a file too long for the line budget then comes with the diff's own context.
[[nodiscard]] Result<FilePatch> loadFilePatch(const git::Diff &diff, qsizetype index, qsizetype maxLines = 50'000,
                                              bool fullContext = false);

} // namespace rd::ui
