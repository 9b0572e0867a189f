// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <KSyntaxHighlighting/AbstractHighlighter>
#include <KSyntaxHighlighting/State>
#include <QList>
#include <QTextLayout>

namespace KSyntaxHighlighting {
class Repository;
}

namespace rd::ui {

// Syntax highlighting without a QTextDocument: turns one line at a time into format ranges,
// carrying the highlighter state from line to line. The diff view highlights only the lines it
// paints and caches the result, so huge diffs cost nothing until they are looked at.
class LineHighlighter final : public KSyntaxHighlighting::AbstractHighlighter
{
public:
    // The definition comes from the file name; the theme follows the palette (dark or light).
    LineHighlighter(const QString &fileName, bool darkPalette);

    // Format ranges of `line`; `state` is the state after the previous line and is updated.
    QList<QTextLayout::FormatRange> highlight(const QString &line, KSyntaxHighlighting::State &state);

    bool hasDefinition() const;

    // One repository per process: loading the ~400 syntax definitions is the costly part.
    static KSyntaxHighlighting::Repository &repository();

protected:
    void applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format) override;

private:
    QList<QTextLayout::FormatRange> m_ranges;
};

} // namespace rd::ui
