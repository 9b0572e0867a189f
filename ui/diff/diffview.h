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
    };
    struct Match
    {
        int line;
        int start;
        int length;
    };

    void buildRows();
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
};

} // namespace rd::ui
