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
};

} // namespace rd::ui
