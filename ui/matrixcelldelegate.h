// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace rd::ui {

// Paints a matrix cell as a small card: version (with a "behind"/"ahead" badge), short digest
// and commit, the commit's subject, and the image's age. Artifact cells show name and image.
class MatrixCellDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit MatrixCellDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The release buttons a deployed cell shows on hover or selection, in its bottom row:
    // "Promote to <next env>" (not in the last environment) and "Rollback".
    enum class CellButton { None, Promote, Rollback };
    // Where `button` is painted for `index` in a cell at `cellRect`; empty when the cell has none.
    static QRect buttonRect(CellButton button, const QRect &cellRect, const QFont &font, const QModelIndex &index);
    static CellButton buttonAt(const QRect &cellRect, const QFont &font, const QModelIndex &index, const QPoint &pos);
    // "Promote to qa", or empty when the cell cannot be promoted from (last environment, not deployed).
    static QString promoteText(const QModelIndex &index);
};

} // namespace rd::ui
