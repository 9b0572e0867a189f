// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "filepatch.h"
#include "worddiff.h"

#include <KSyntaxHighlighting/State>
#include <QAbstractScrollArea>
#include <QHash>
#include <QTextLayout>
#include <memory>

namespace rd::ui {

class LineHighlighter;

// One file's patch, unified or side by side, with line numbers, syntax highlighting and
// intra-line changes. Paints only the rows in view; highlighting and word diffs are computed
// for those rows on first paint and cached, so a 50,000-line file opens as fast as a short one.
class DiffView final : public QAbstractScrollArea
{
    Q_OBJECT
public:
    enum class Mode { Unified, SideBySide };

    explicit DiffView(QWidget *parent = nullptr);
    ~DiffView() override;

    void setPatch(FilePatch patch);
    const FilePatch &patch() const { return m_patch; }
    void setMode(Mode mode);
    Mode mode() const { return m_mode; }

    // Highlights every occurrence of `text` (case-insensitive); returns how many there are.
    int setSearchText(const QString &text);
    // Scrolls to the next (or previous) occurrence; false when there is none.
    bool findNext(bool backwards = false);
    int currentMatch() const { return m_currentMatch; }
    int matchCount() const { return int(m_matches.size()); }

    // Unchanged lines farther than FoldContext from a change are folded into "⋯ N unchanged
    // lines" rows when the patch carries all of them (FilePatch::fullContext); false shows the
    // whole file. Each fold unfolds on a click: ExpandStep more lines, or all of them.
    static constexpr int FoldContext = 3;
    static constexpr int ExpandStep = 20;
    void setFolding(bool fold);
    bool folding() const { return m_fold; }
    // The folds now shown, top to bottom, and how many lines each hides.
    int gapCount() const { return int(m_gapRows.size()); }
    int gapSize(int gap) const;
    // Unfolds `lines` more lines of fold `gap` (the ones nearest the change above it; for a
    // fold at the top of the file, nearest the change below), or all of them when `lines` < 0.
    void expandGap(int gap, int lines = -1);
    // Where fold `gap`'s "N more" (or "all") link is, in viewport coordinates; empty when the
    // fold is out of view or has no such link.
    QRect gapLink(int gap, bool all) const;
    // Scrolls so fold `gap` is in view.
    void scrollToGap(int gap);

    int rowCount() const { return int(m_rows.size()); }
    // The text of the selected rows as a patch (with +/-/space prefixes), for the clipboard.
    QString selectedText() const;
    void selectRows(int first, int last);

Q_SIGNALS:
    // Emitted after the first paint of a new patch: the moment a person sees it.
    void firstPaint();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // A displayed row: indices into m_patch.lines for the left/right side (-1 = empty).
    // Unified rows use only `left`.
    struct Row
    {
        int left = -1;
        int right = -1;
        int gapFirst = -1;   // a fold: the first hidden line, how many, and its key in m_revealed
        int gapCount = 0;
        int gapKey = -1;
        bool isGap() const { return gapFirst >= 0; }
    };
    struct Match
    {
        int line;
        int start;
        int length;
    };

    void buildRows();
    // Per line: Shown, HiddenHeader, or the key of the fold hiding it.
    static constexpr int Shown = -1;
    static constexpr int HiddenHeader = -2;
    QList<int> foldedLines() const;
    void paintGap(QPainter &painter, const Row &row, const QRect &rect);
    std::pair<QRect, QRect> gapLinks(const Row &row, const QRect &rect) const;
    static QString gapLabel(int count);
    // Unfolds the fold holding `line`, if any; the line's row afterwards (-1: none).
    int revealLine(int line);
    void updateScrollBars();
    void resetHighlighting();
    const QList<QTextLayout::FormatRange> &highlightFor(int line);
    const QList<ChangedRange> &changesFor(int line);
    int rowAt(int y) const;
    int rowOfLine(int line) const;
    void paintSide(QPainter &painter, int line, const QRect &rect, bool showBothNumbers);

    FilePatch m_patch;
    Mode m_mode = Mode::Unified;
    QList<Row> m_rows;
    QList<int> m_partner;            // the paired line for word diff (removed ↔ added), or -1
    int m_lineHeight = 0;
    int m_charWidth = 0;
    int m_maxColumns = 0;
    bool m_painted = false;

    std::unique_ptr<LineHighlighter> m_highlighter;
    QList<QList<QTextLayout::FormatRange>> m_highlight;   // per line, filled up to m_highlightedCount
    int m_highlightedCount = 0;
    KSyntaxHighlighting::State m_oldState;
    KSyntaxHighlighting::State m_newState;
    QHash<int, QList<ChangedRange>> m_changes;

    QString m_search;
    QList<Match> m_matches;
    int m_currentMatch = -1;
    int m_selectionAnchor = -1;
    int m_selectionEnd = -1;

    bool m_fold = true;
    QHash<int, int> m_revealed;      // fold key (first line of the folded run) → lines unfolded
    QList<int> m_gapRows;            // rows that are folds, in order
};

} // namespace rd::ui
