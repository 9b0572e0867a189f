// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffview.h"

#include "linehighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QScrollBar>
#include <limits>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

using Kind = PatchLine::Kind;

constexpr int GutterPadding = 6;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

struct Colors
{
    QColor added, removed, addedWord, removedWord, hunk, hunkText, gutter, gutterText, empty, match, currentMatch, selection;
};

Colors colorsFor(const QPalette &palette)
{
    if (isDark(palette))
        return {QColor(0x1f, 0x3d, 0x2a), QColor(0x4a, 0x22, 0x25), QColor(0x2e, 0x6b, 0x43), QColor(0x7d, 0x32, 0x38),
                QColor(0x22, 0x33, 0x4d), QColor(0x9c, 0xb8, 0xe0), palette.color(QPalette::Window).darker(115),
                palette.color(QPalette::PlaceholderText), palette.color(QPalette::Window).darker(130), QColor(0x8a, 0x6d, 0x00),
                QColor(0xc2, 0x7c, 0x00), palette.color(QPalette::Highlight).darker(150)};
    return {QColor(0xe6, 0xff, 0xec), QColor(0xff, 0xeb, 0xe9), QColor(0xab, 0xf2, 0xbc), QColor(0xff, 0xc0, 0xc0),
            QColor(0xdd, 0xf4, 0xff), QColor(0x40, 0x5a, 0x80), palette.color(QPalette::Window), palette.color(QPalette::PlaceholderText),
            palette.color(QPalette::Window).darker(104), QColor(0xff, 0xe5, 0x8f), QColor(0xff, 0xb3, 0x00),
            palette.color(QPalette::Highlight).lighter(170)};
}

QChar prefixOf(Kind kind)
{
    switch (kind) {
    case Kind::Added: return u'+';
    case Kind::Removed: return u'-';
    case Kind::NoNewline: return u'\\';
    default: return u' ';
    }
}

} // namespace

DiffView::DiffView(QWidget *parent)
    : QAbstractScrollArea(parent)
{
    setObjectName(u"diffView"_s);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    setFont(mono);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    changeEvent(nullptr);
}

DiffView::~DiffView() = default;

void DiffView::setPatch(FilePatch patch)
{
    m_patch = std::move(patch);
    m_highlighter = std::make_unique<LineHighlighter>(m_patch.file.path, isDark(palette()));
    m_maxColumns = 0;
    for (const PatchLine &line : std::as_const(m_patch.lines))
        m_maxColumns = std::max(m_maxColumns, int(line.text.size()));
    m_selectionAnchor = m_selectionEnd = -1;
    m_painted = false;
    m_revealed.clear();
    resetHighlighting();
    buildRows();
    setSearchText(m_search);
    verticalScrollBar()->setValue(0);
    horizontalScrollBar()->setValue(0);
    viewport()->update();
}

void DiffView::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    const int topLine = m_rows.isEmpty() ? -1 : m_rows.value(verticalScrollBar()->value() / std::max(1, m_lineHeight)).left;
    m_mode = mode;
    buildRows();
    if (topLine >= 0) // keep the same part of the file in view
        verticalScrollBar()->setValue(rowOfLine(topLine) * m_lineHeight);
    viewport()->update();
}

void DiffView::resetHighlighting()
{
    m_highlight = QList<QList<QTextLayout::FormatRange>>(m_patch.lines.size());
    m_highlightedCount = 0;
    m_oldState = m_newState = {};
    m_changes.clear();

    // Pair the n-th removed line of a block with the n-th added line that follows it.
    m_partner = QList<int>(m_patch.lines.size(), -1);
    for (qsizetype i = 0; i < m_patch.lines.size();) {
        if (m_patch.lines[i].kind != Kind::Removed) {
            ++i;
            continue;
        }
        qsizetype removedEnd = i;
        while (removedEnd < m_patch.lines.size() && m_patch.lines[removedEnd].kind == Kind::Removed)
            ++removedEnd;
        qsizetype addedEnd = removedEnd;
        while (addedEnd < m_patch.lines.size() && m_patch.lines[addedEnd].kind == Kind::Added)
            ++addedEnd;
        for (qsizetype k = 0; k < std::min(removedEnd - i, addedEnd - removedEnd); ++k) {
            m_partner[i + k] = int(removedEnd + k);
            m_partner[removedEnd + k] = int(i + k);
        }
        i = addedEnd;
    }
}

QList<int> DiffView::foldedLines() const
{
    const auto &lines = m_patch.lines;
    QList<int> folded(lines.size(), Shown);
    if (!m_fold || !m_patch.fullContext)
        return folded;
    // Distance of every line to the nearest change, then the unchanged runs beyond FoldContext.
    const int n = int(lines.size());
    constexpr int Far = std::numeric_limits<int>::max() / 2;
    const auto isChange = [&](int i) { return lines[i].kind != Kind::Context && lines[i].kind != Kind::Hunk; };
    QList<int> distance(n, Far);
    for (int i = 0, last = -Far; i < n; ++i) {
        if (isChange(i))
            last = i;
        distance[i] = i - last;
    }
    for (int i = n - 1, next = Far; i >= 0; --i) {
        if (isChange(i))
            next = i;
        distance[i] = std::min(distance[i], next - i);
    }
    bool seenShown = false;
    for (int i = 0; i < n;) {
        if (lines[i].kind == Kind::Hunk) {
            folded[i] = HiddenHeader; // one "@@ -1,N +1,M @@" for the whole file: the folds say more
            ++i;
            continue;
        }
        if (lines[i].kind != Kind::Context || distance[i] <= FoldContext) {
            seenShown = true;
            ++i;
            continue;
        }
        int end = i;
        while (end < n && lines[end].kind == Kind::Context && distance[end] > FoldContext)
            ++end;
        // The run's key is its first line, which unfolding does not move. The fold above the
        // first change opens upwards, towards that change; the others downwards.
        const int revealed = std::min(m_revealed.value(i, 0), end - i);
        const int hideFirst = seenShown ? i + revealed : i;
        const int hideEnd = seenShown ? end : end - revealed;
        for (int k = hideFirst; k < hideEnd; ++k)
            folded[k] = i;
        seenShown = true;
        i = end;
    }
    return folded;
}

void DiffView::buildRows()
{
    m_rows.clear();
    m_gapRows.clear();
    m_selectionAnchor = m_selectionEnd = -1; // rows mean other lines in the other mode
    const auto &lines = m_patch.lines;
    const QList<int> folded = foldedLines();
    // Skips the hidden line at `i`; a folded run becomes one row. Returns the next line.
    const auto skipHidden = [&](int i) {
        if (folded[i] == HiddenHeader)
            return i + 1;
        int end = i;
        while (end < lines.size() && folded[end] == folded[i])
            ++end;
        Row row;
        row.gapFirst = i;
        row.gapCount = end - i;
        row.gapKey = folded[i];
        m_gapRows.append(int(m_rows.size()));
        m_rows.append(row);
        return end;
    };
    if (m_mode == Mode::Unified) {
        m_rows.reserve(lines.size());
        for (int i = 0; i < lines.size();) {
            if (folded[i] != Shown) {
                i = skipHidden(i);
                continue;
            }
            m_rows.append({i, -1});
            ++i;
        }
    } else {
        for (int i = 0; i < lines.size();) {
            const Kind kind = lines[i].kind;
            if (folded[i] != Shown) {
                i = skipHidden(i);
            } else if (kind == Kind::Removed || kind == Kind::Added) {
                // A block of removals and the additions right after it, side by side.
                int removedEnd = i;
                while (removedEnd < lines.size() && (lines[removedEnd].kind == Kind::Removed || (lines[removedEnd].kind == Kind::NoNewline && lines[removedEnd - 1].kind == Kind::Removed)))
                    ++removedEnd;
                int addedEnd = removedEnd;
                while (addedEnd < lines.size() && (lines[addedEnd].kind == Kind::Added || (lines[addedEnd].kind == Kind::NoNewline && addedEnd > removedEnd)))
                    ++addedEnd;
                const int pairs = std::max(removedEnd - i, addedEnd - removedEnd);
                for (int k = 0; k < pairs; ++k)
                    m_rows.append({i + k < removedEnd ? i + k : -1, removedEnd + k < addedEnd ? removedEnd + k : -1});
                i = addedEnd;
            } else {
                m_rows.append({i, i}); // hunk headers and context on both sides
                ++i;
            }
        }
    }
    updateScrollBars();
}

void DiffView::updateScrollBars()
{
    const int rows = int(m_rows.size());
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(m_lineHeight * 3);
    verticalScrollBar()->setRange(0, std::max(0, rows * m_lineHeight - viewport()->height() + m_lineHeight));
    const int textWidth = (m_maxColumns + 2) * m_charWidth;
    const int visible = m_mode == Mode::Unified ? viewport()->width() : viewport()->width() / 2;
    horizontalScrollBar()->setPageStep(visible);
    horizontalScrollBar()->setSingleStep(m_charWidth * 4);
    horizontalScrollBar()->setRange(0, std::max(0, textWidth - visible / 2));
}

const QList<QTextLayout::FormatRange> &DiffView::highlightFor(int line)
{
    // Lines are highlighted in order, once: the old side (context + removed) and the new side
    // (context + added) each carry their own state, reset at every hunk as Kate's diff does.
    while (m_highlightedCount <= line) {
        const PatchLine &l = m_patch.lines[m_highlightedCount];
        switch (l.kind) {
        case Kind::Hunk:
            m_oldState = m_newState = {};
            break;
        case Kind::Removed:
            m_highlight[m_highlightedCount] = m_highlighter->highlight(l.text, m_oldState);
            break;
        case Kind::Added:
            m_highlight[m_highlightedCount] = m_highlighter->highlight(l.text, m_newState);
            break;
        case Kind::Context: {
            KSyntaxHighlighting::State oldCopy = m_oldState;
            m_highlight[m_highlightedCount] = m_highlighter->highlight(l.text, m_newState);
            m_highlighter->highlight(l.text, oldCopy);
            m_oldState = oldCopy;
            break;
        }
        case Kind::NoNewline:
            break;
        }
        ++m_highlightedCount;
    }
    return m_highlight[line];
}

const QList<ChangedRange> &DiffView::changesFor(int line)
{
    auto it = m_changes.find(line);
    if (it == m_changes.end()) {
        QList<ChangedRange> ranges;
        const int partner = m_partner.value(line, -1);
        if (partner >= 0) {
            const bool removed = m_patch.lines[line].kind == Kind::Removed;
            const QString &oldText = m_patch.lines[removed ? line : partner].text;
            const QString &newText = m_patch.lines[removed ? partner : line].text;
            const WordDiff words = diffWords(oldText, newText);
            ranges = removed ? words.removed : words.added;
        }
        it = m_changes.insert(line, ranges);
    }
    return it.value();
}

int DiffView::setSearchText(const QString &text)
{
    m_search = text;
    m_matches.clear();
    m_currentMatch = -1;
    if (!text.isEmpty()) {
        for (int i = 0; i < m_patch.lines.size(); ++i) {
            if (m_patch.lines[i].kind == Kind::Hunk || m_patch.lines[i].kind == Kind::NoNewline)
                continue; // notes of the view, not the file's content
            const QString &line = m_patch.lines[i].text;
            for (qsizetype at = line.indexOf(text, 0, Qt::CaseInsensitive); at >= 0; at = line.indexOf(text, at + text.size(), Qt::CaseInsensitive))
                m_matches.append({i, int(at), int(text.size())});
        }
    }
    viewport()->update();
    return int(m_matches.size());
}

bool DiffView::findNext(bool backwards)
{
    if (m_matches.isEmpty())
        return false;
    const int count = int(m_matches.size());
    m_currentMatch = m_currentMatch < 0 ? (backwards ? count - 1 : 0) : (m_currentMatch + (backwards ? count - 1 : 1)) % count;
    const Match &match = m_matches[m_currentMatch];
    const int row = std::max(0, revealLine(match.line)); // a match inside a fold unfolds it
    const int y = row * m_lineHeight;
    if (y < verticalScrollBar()->value() || y + m_lineHeight > verticalScrollBar()->value() + viewport()->height())
        verticalScrollBar()->setValue(y - viewport()->height() / 3);
    viewport()->update();
    return true;
}

int DiffView::rowOfLine(int line) const
{
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].left == line || m_rows[r].right == line)
            return r;
    }
    return 0;
}

int DiffView::revealLine(int line)
{
    for (int gap = 0; gap < m_gapRows.size(); ++gap) {
        const Row &row = m_rows[m_gapRows[gap]];
        if (line >= row.gapFirst && line < row.gapFirst + row.gapCount) {
            expandGap(gap, -1);
            break;
        }
    }
    for (int r = 0; r < m_rows.size(); ++r) {
        if (m_rows[r].left == line || m_rows[r].right == line)
            return r;
    }
    return -1;
}

void DiffView::setFolding(bool fold)
{
    if (m_fold == fold)
        return;
    m_fold = fold;
    const int topLine = m_rows.isEmpty() ? -1 : m_rows.value(verticalScrollBar()->value() / std::max(1, m_lineHeight)).left;
    buildRows();
    if (topLine >= 0)
        verticalScrollBar()->setValue(rowOfLine(topLine) * m_lineHeight);
    viewport()->update();
}

int DiffView::gapSize(int gap) const
{
    return gap >= 0 && gap < m_gapRows.size() ? m_rows[m_gapRows[gap]].gapCount : 0;
}

void DiffView::expandGap(int gap, int lines)
{
    if (gap < 0 || gap >= m_gapRows.size())
        return;
    const Row &row = m_rows[m_gapRows[gap]];
    const int more = lines < 0 ? row.gapCount : std::min(lines, row.gapCount);
    m_revealed[row.gapKey] += more;
    const int scroll = verticalScrollBar()->value();
    buildRows(); // rows above the fold stay where they are, so the view does not jump
    verticalScrollBar()->setValue(scroll);
    viewport()->update();
}

void DiffView::scrollToGap(int gap)
{
    if (gap < 0 || gap >= m_gapRows.size())
        return;
    verticalScrollBar()->setValue(std::max(0, m_gapRows[gap] * m_lineHeight - viewport()->height() / 3));
}

QString DiffView::gapLabel(int count)
{
    return count == 1 ? tr("⋯ 1 unchanged line") : tr("⋯ %1 unchanged lines").arg(count);
}

std::pair<QRect, QRect> DiffView::gapLinks(const Row &row, const QRect &rect) const
{
    const QFontMetrics fm(font());
    const int x = m_charWidth * 14 + 2 * GutterPadding;
    const QString label = gapLabel(row.gapCount);
    const int afterLabel = x + fm.horizontalAdvance(label) + 3 * m_charWidth;
    if (row.gapCount <= ExpandStep) {
        const QString all = tr("Show them");
        return {QRect(), QRect(afterLabel, rect.top(), fm.horizontalAdvance(all), rect.height())};
    }
    const QString more = tr("Show %1 more").arg(ExpandStep);
    const QString all = tr("Show all");
    const QRect moreRect(afterLabel, rect.top(), fm.horizontalAdvance(more), rect.height());
    return {moreRect, QRect(moreRect.right() + 3 * m_charWidth, rect.top(), fm.horizontalAdvance(all), rect.height())};
}

QRect DiffView::gapLink(int gap, bool all) const
{
    if (gap < 0 || gap >= m_gapRows.size() || m_lineHeight <= 0)
        return {};
    const int y = m_gapRows[gap] * m_lineHeight - verticalScrollBar()->value();
    if (y + m_lineHeight <= 0 || y >= viewport()->height())
        return {};
    const auto [more, whole] = gapLinks(m_rows[m_gapRows[gap]], QRect(0, y, viewport()->width(), m_lineHeight));
    return all ? whole : more;
}

void DiffView::paintGap(QPainter &painter, const Row &row, const QRect &rect)
{
    const Colors colors = colorsFor(palette());
    painter.fillRect(rect, colors.hunk);
    painter.setPen(colors.hunkText);
    const int x = m_charWidth * 14 + 2 * GutterPadding;
    painter.drawText(QRect(x, rect.top(), rect.width() - x, rect.height()), Qt::AlignLeft | Qt::AlignVCenter, gapLabel(row.gapCount));
    const auto [more, all] = gapLinks(row, rect);
    QFont link = font();
    link.setUnderline(true);
    painter.save();
    painter.setFont(link);
    painter.setPen(palette().color(QPalette::Link));
    if (!more.isNull())
        painter.drawText(more, Qt::AlignLeft | Qt::AlignVCenter, tr("Show %1 more").arg(ExpandStep));
    painter.drawText(all, Qt::AlignLeft | Qt::AlignVCenter, row.gapCount <= ExpandStep ? tr("Show them") : tr("Show all"));
    painter.restore();
}

int DiffView::rowAt(int y) const
{
    return std::clamp((y + verticalScrollBar()->value()) / std::max(1, m_lineHeight), 0, std::max(0, int(m_rows.size()) - 1));
}

void DiffView::selectRows(int first, int last)
{
    if (m_rows.isEmpty()) { // a summary or nothing: there is nothing to select
        m_selectionAnchor = m_selectionEnd = -1;
        return;
    }
    first = std::clamp(first, 0, int(m_rows.size()) - 1);
    last = std::clamp(last, 0, int(m_rows.size()) - 1);
    m_selectionAnchor = first;
    m_selectionEnd = last;
    viewport()->update();
}

QString DiffView::selectedText() const
{
    if (m_selectionAnchor < 0)
        return {};
    QStringList out;
    const int first = std::min(m_selectionAnchor, m_selectionEnd);
    const int last = std::max(m_selectionAnchor, m_selectionEnd);
    const auto append = [&](int line) {
        const PatchLine &l = m_patch.lines[line];
        out.append(l.kind == Kind::Hunk ? l.text : QString(prefixOf(l.kind) + l.text));
    };
    for (int r = first; r <= last && r < m_rows.size(); ++r) {
        const Row &row = m_rows[r];
        if (row.left >= 0)
            append(row.left);
        if (row.right >= 0 && row.right != row.left) // context and hunk rows show one line twice
            append(row.right);
    }
    return out.join(u'\n') + u'\n';
}

void DiffView::paintSide(QPainter &painter, int line, const QRect &rect, bool showBothNumbers)
{
    const Colors colors = colorsFor(palette());
    const int numberWidth = m_charWidth * 6;
    const int gutterWidth = (showBothNumbers ? 2 * numberWidth : numberWidth) + 2 * GutterPadding + m_charWidth;
    const QRect gutter(rect.left(), rect.top(), gutterWidth, rect.height());
    const QRect text(rect.left() + gutterWidth, rect.top(), rect.width() - gutterWidth, rect.height());

    if (line < 0) { // the other side has a line here and this one has none
        painter.fillRect(rect, colors.empty);
        return;
    }
    const PatchLine &l = m_patch.lines[line];
    QColor background = palette().color(QPalette::Base);
    if (l.kind == Kind::Added)
        background = colors.added;
    else if (l.kind == Kind::Removed)
        background = colors.removed;
    else if (l.kind == Kind::Hunk)
        background = colors.hunk;
    painter.fillRect(rect, background);
    painter.fillRect(gutter, l.kind == Kind::Hunk ? colors.hunk : colors.gutter);

    painter.setPen(colors.gutterText);
    const auto number = [](int n) { return n > 0 ? QString::number(n) : QString(); };
    if (l.kind != Kind::Hunk && l.kind != Kind::NoNewline) {
        const bool onNewSide = !showBothNumbers && rect.left() > 0;
        if (showBothNumbers) {
            painter.drawText(QRect(gutter.left() + GutterPadding, rect.top(), numberWidth - m_charWidth, rect.height()),
                             Qt::AlignRight | Qt::AlignVCenter, l.kind == Kind::Added ? QString() : number(l.oldLine));
            painter.drawText(QRect(gutter.left() + GutterPadding + numberWidth, rect.top(), numberWidth - m_charWidth, rect.height()),
                             Qt::AlignRight | Qt::AlignVCenter, l.kind == Kind::Removed ? QString() : number(l.newLine));
        } else {
            painter.drawText(QRect(gutter.left() + GutterPadding, rect.top(), numberWidth - m_charWidth, rect.height()),
                             Qt::AlignRight | Qt::AlignVCenter, number(onNewSide ? l.newLine : l.oldLine));
        }
        painter.drawText(QRect(gutter.right() - m_charWidth - GutterPadding / 2, rect.top(), m_charWidth, rect.height()),
                         Qt::AlignCenter, QString(prefixOf(l.kind)));
    }

    painter.save();
    painter.setClipRect(text);
    const int x = text.left() + GutterPadding - horizontalScrollBar()->value();
    if (l.kind == Kind::Hunk || l.kind == Kind::NoNewline) {
        painter.setPen(l.kind == Kind::Hunk ? colors.hunkText : colors.gutterText);
        QFont italic = font();
        italic.setItalic(l.kind == Kind::NoNewline);
        painter.setFont(italic);
        painter.drawText(QRect(x, rect.top(), text.width() + horizontalScrollBar()->value(), rect.height()), Qt::AlignLeft | Qt::AlignVCenter, l.text);
        painter.restore();
        return;
    }

    QList<QTextLayout::FormatRange> formats = highlightFor(line);
    for (const ChangedRange &change : changesFor(line)) {
        QTextCharFormat word;
        word.setBackground(l.kind == Kind::Added ? colors.addedWord : colors.removedWord);
        formats.append({change.start, change.length, word});
    }
    // Matches are in line order: jump to this line's (a search for "e" in a big file has
    // hundreds of thousands of them, and this runs for every painted line).
    const auto first = std::lower_bound(m_matches.cbegin(), m_matches.cend(), line,
                                        [](const Match &match, int value) { return match.line < value; });
    for (auto it = first; it != m_matches.cend() && it->line == line; ++it) {
        QTextCharFormat found;
        found.setBackground(int(it - m_matches.cbegin()) == m_currentMatch ? colors.currentMatch : colors.match);
        formats.append({it->start, it->length, found});
    }
    QTextLayout layout(l.text, font());
    QTextOption option;
    option.setWrapMode(QTextOption::NoWrap);
    option.setTabStopDistance(4 * m_charWidth);
    layout.setTextOption(option);
    layout.setFormats(formats);
    layout.beginLayout();
    layout.createLine();
    layout.endLayout();
    painter.setPen(palette().color(QPalette::Text));
    layout.draw(&painter, QPointF(x, rect.top() + (rect.height() - layout.boundingRect().height()) / 2));
    painter.restore();
}

void DiffView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), palette().color(QPalette::Base));
    if (m_patch.isSummary() || m_rows.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect().adjusted(24, 24, -24, -24), Qt::AlignCenter | Qt::TextWordWrap,
                         m_patch.isSummary() ? m_patch.summary : tr("Choose a file to see its changes."));
    } else {
        const int first = verticalScrollBar()->value() / m_lineHeight;
        const int offset = verticalScrollBar()->value() % m_lineHeight;
        const int width = viewport()->width();
        const int selFirst = std::min(m_selectionAnchor, m_selectionEnd);
        const int selLast = std::max(m_selectionAnchor, m_selectionEnd);
        for (int r = first, y = -offset; r < m_rows.size() && y < viewport()->height(); ++r, y += m_lineHeight) {
            const Row &row = m_rows[r];
            if (row.isGap()) {
                paintGap(painter, row, QRect(0, y, width, m_lineHeight));
            } else if (m_mode == Mode::Unified) {
                paintSide(painter, row.left, QRect(0, y, width, m_lineHeight), true);
            } else {
                paintSide(painter, row.left, QRect(0, y, width / 2 - 1, m_lineHeight), false);
                paintSide(painter, row.right, QRect(width / 2 + 1, y, width - width / 2 - 1, m_lineHeight), false);
                painter.fillRect(QRect(width / 2 - 1, y, 2, m_lineHeight), palette().color(QPalette::Mid));
            }
            if (m_selectionAnchor >= 0 && r >= selFirst && r <= selLast) {
                QColor selection = colorsFor(palette()).selection;
                selection.setAlpha(90);
                painter.fillRect(QRect(0, y, width, m_lineHeight), selection);
            }
        }
    }
    if (!m_painted) {
        m_painted = true;
        Q_EMIT firstPaint();
    }
}

void DiffView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void DiffView::changeEvent(QEvent *event)
{
    if (event)
        QAbstractScrollArea::changeEvent(event);
    if (!event || event->type() == QEvent::FontChange) {
        const QFontMetrics fm(font());
        m_lineHeight = fm.lineSpacing() + 2;
        m_charWidth = std::max(1, fm.horizontalAdvance(u'M'));
        updateScrollBars();
    } else if (event->type() == QEvent::PaletteChange && m_highlighter) {
        m_highlighter = std::make_unique<LineHighlighter>(m_patch.file.path, isDark(palette()));
        resetHighlighting();
    }
}

void DiffView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && !m_rows.isEmpty()) {
        const int r = rowAt(event->position().toPoint().y());
        if (m_rows[r].isGap()) {
            // "Show all" unfolds the whole fold; a click anywhere else on it, ExpandStep lines.
            const int gap = int(m_gapRows.indexOf(r));
            const QRect all = gapLink(gap, true);
            expandGap(gap, all.contains(event->position().toPoint()) ? -1 : ExpandStep);
            return;
        }
        m_selectionAnchor = m_selectionEnd = r;
        viewport()->update();
    }
}

void DiffView::mouseMoveEvent(QMouseEvent *event)
{
    if ((event->buttons() & Qt::LeftButton) && m_selectionAnchor >= 0) {
        m_selectionEnd = rowAt(event->position().toPoint().y());
        viewport()->update();
    }
}

void DiffView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Copy)) {
        QApplication::clipboard()->setText(m_selectionAnchor >= 0 ? selectedText() : QString());
        return;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectRows(0, int(m_rows.size()) - 1);
        return;
    }
    if (event->matches(QKeySequence::FindNext) || event->matches(QKeySequence::FindPrevious)) {
        findNext(event->matches(QKeySequence::FindPrevious));
        return;
    }
    QAbstractScrollArea::keyPressEvent(event);
}

} // namespace rd::ui
