// SPDX-License-Identifier: GPL-3.0-or-later
#include "worddiff.h"

#include <QStringView>
#include <vector>

namespace rd::ui {

namespace {

struct Token
{
    int start;
    int length;
};

std::vector<Token> tokenize(const QString &text)
{
    std::vector<Token> tokens;
    const auto isWord = [](QChar c) { return c.isLetterOrNumber() || c == u'_'; };
    int i = 0;
    while (i < text.size()) {
        int j = i + 1;
        if (isWord(text[i])) {
            while (j < text.size() && isWord(text[j]))
                ++j;
        } else if (text[i].isSpace()) {
            while (j < text.size() && text[j].isSpace())
                ++j;
        }
        tokens.push_back({i, j - i});
        i = j;
    }
    return tokens;
}

// Merges adjacent changed tokens into ranges.
void appendRange(QList<ChangedRange> &ranges, const Token &token)
{
    if (!ranges.isEmpty() && ranges.last().start + ranges.last().length == token.start)
        ranges.last().length += token.length;
    else
        ranges.append({token.start, token.length});
}

// Two changes separated only by blanks read as one ("a b" → "x y", not "a", "b").
QList<ChangedRange> mergeAcrossBlanks(const QString &line, const QList<ChangedRange> &ranges)
{
    QList<ChangedRange> merged;
    for (const ChangedRange &range : ranges) {
        if (!merged.isEmpty()) {
            ChangedRange &last = merged.last();
            const int gapStart = last.start + last.length;
            if (QStringView(line).mid(gapStart, range.start - gapStart).trimmed().isEmpty()) {
                last.length = range.start + range.length - last.start;
                continue;
            }
        }
        merged.append(range);
    }
    return merged;
}

} // namespace

WordDiff diffWords(const QString &oldLine, const QString &newLine, int maxLength)
{
    WordDiff result;
    if (oldLine.size() > maxLength || newLine.size() > maxLength || oldLine == newLine)
        return result;
    const std::vector<Token> a = tokenize(oldLine);
    const std::vector<Token> b = tokenize(newLine);
    const auto word = [](const QString &s, const Token &t) { return QStringView(s).mid(t.start, t.length); };

    // Classic LCS table over tokens; lines are bounded, so this stays small.
    const size_t n = a.size(), m = b.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
        for (size_t j = m; j-- > 0;)
            lcs[i][j] = word(oldLine, a[i]) == word(newLine, b[j]) ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);

    size_t i = 0, j = 0;
    while (i < n && j < m) {
        if (word(oldLine, a[i]) == word(newLine, b[j])) {
            ++i;
            ++j;
        } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
            appendRange(result.removed, a[i++]);
        } else {
            appendRange(result.added, b[j++]);
        }
    }
    while (i < n)
        appendRange(result.removed, a[i++]);
    while (j < m)
        appendRange(result.added, b[j++]);
    result.removed = mergeAcrossBlanks(oldLine, result.removed);
    result.added = mergeAcrossBlanks(newLine, result.added);
    return result;
}

} // namespace rd::ui
