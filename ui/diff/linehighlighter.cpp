// SPDX-License-Identifier: GPL-3.0-or-later
#include "linehighlighter.h"

#include <KSyntaxHighlighting/Definition>
#include <KSyntaxHighlighting/Format>
#include <KSyntaxHighlighting/Repository>
#include <KSyntaxHighlighting/Theme>

namespace rd::ui {

KSyntaxHighlighting::Repository &LineHighlighter::repository()
{
    static KSyntaxHighlighting::Repository instance;
    return instance;
}

LineHighlighter::LineHighlighter(const QString &fileName, bool darkPalette)
{
    auto &repo = repository();
    setDefinition(repo.definitionForFileName(fileName));
    setTheme(repo.defaultTheme(darkPalette ? KSyntaxHighlighting::Repository::DarkTheme
                                           : KSyntaxHighlighting::Repository::LightTheme));
}

bool LineHighlighter::hasDefinition() const
{
    return definition().isValid();
}

QList<QTextLayout::FormatRange> LineHighlighter::highlight(const QString &line, KSyntaxHighlighting::State &state)
{
    m_ranges.clear();
    if (hasDefinition())
        state = highlightLine(line, state);
    return std::exchange(m_ranges, {});
}

void LineHighlighter::applyFormat(int offset, int length, const KSyntaxHighlighting::Format &format)
{
    // Half a construct (a hunk starts inside a comment or string) makes the highlighter report
    // errors that are not there: like Kate's diff view, keep the text plain instead.
    if (format.isDefaultTextStyle(theme()) || format.name() == QLatin1String("Error"))
        return;
    QTextCharFormat chars;
    if (format.hasTextColor(theme()))
        chars.setForeground(format.textColor(theme()));
    if (format.isBold(theme()))
        chars.setFontWeight(QFont::Bold);
    if (format.isItalic(theme()))
        chars.setFontItalic(true);
    m_ranges.append({offset, length, chars});
}

} // namespace rd::ui
