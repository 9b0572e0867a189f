// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

namespace rd::ui {

// A changed stretch of characters within a line: [start, start + length).
struct ChangedRange
{
    int start = 0;
    int length = 0;
    bool operator==(const ChangedRange &) const = default;
};

struct WordDiff
{
    QList<ChangedRange> removed;   // in the old line
    QList<ChangedRange> added;     // in the new line
};

// The words that differ between an old and a new version of a line (intra-line highlighting).
// Words are runs of letters/digits/underscore, runs of spaces, or single other characters;
// the longest common subsequence of words is kept. Lines longer than `maxLength` are not
// compared (empty result): the quadratic cost is not worth it for minified or generated text.
WordDiff diffWords(const QString &oldLine, const QString &newLine, int maxLength = 2000);

} // namespace rd::ui
