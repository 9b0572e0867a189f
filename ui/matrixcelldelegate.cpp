// SPDX-License-Identifier: GPL-3.0-or-later
#include "matrixcelldelegate.h"

#include "matrixmodel.h"
#include "release/environmentmatrix.h"

#include <QApplication>
#include <QFontDatabase>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

constexpr int Margin = 6;
constexpr int Padding = 8;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// A rounded label such as "behind qa" in the top-right corner of a card.
void paintBadge(QPainter *painter, const QRect &card, const QString &text, const QColor &color, const QFont &font)
{
    QFont small = font;
    small.setPointSizeF(font.pointSizeF() * 0.8);
    small.setBold(true);
    const QFontMetrics fm(small);
    const QRect box(card.right() - Padding - fm.horizontalAdvance(text) - 10, card.top() + Padding - 1,
                    fm.horizontalAdvance(text) + 10, fm.height() + 2);
    painter->setPen(Qt::NoPen);
    painter->setBrush(color);
    painter->drawRoundedRect(box, 4, 4);
    painter->setPen(Qt::white);
    painter->setFont(small);
    painter->drawText(box, Qt::AlignCenter, text);
}

} // namespace

MatrixCellDelegate::MatrixCellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QSize MatrixCellDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    return {fm.averageCharWidth() * 30, 4 * fm.lineSpacing() + 12 + 2 * (Margin + Padding)};
}

void MatrixCellDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette &palette = option.palette;
    const bool dark = isDark(palette);
    const bool selected = option.state & QStyle::State_Selected;
    const QRect card = option.rect.adjusted(Margin, Margin, -Margin, -Margin);
    const QFontMetrics fm(option.font);
    const int line = fm.lineSpacing();
    const QColor text = palette.color(QPalette::Text);
    QColor muted = text;
    muted.setAlphaF(0.6f);

    if (index.column() == 0) {
        QFont bold = option.font;
        bold.setBold(true);
        bold.setPointSizeF(option.font.pointSizeF() * 1.15);
        painter->setFont(bold);
        painter->setPen(text);
        const QRect textRect = card.adjusted(Padding, Padding, -Padding, -Padding);
        painter->drawText(textRect.adjusted(0, line / 2, 0, 0), Qt::AlignLeft | Qt::AlignTop, index.data().toString());
        painter->setFont(option.font);
        painter->setPen(muted);
        painter->drawText(textRect.adjusted(0, 2 * line, 0, 0), Qt::AlignLeft | Qt::AlignTop,
                          fm.elidedText(index.data(MatrixModel::ImageRole).toString(), Qt::ElideMiddle, textRect.width()));
        painter->restore();
        return;
    }

    const auto state = release::MatrixCell::State(index.data(MatrixModel::StateRole).toInt());
    const bool behind = index.data(MatrixModel::BehindRole).toBool();
    const bool ahead = index.data(MatrixModel::AheadRole).toBool();

    // Card background: calm for deployed, dashed outline for never deployed, red tint for errors.
    QColor fill = palette.color(QPalette::AlternateBase);
    QColor border = palette.color(QPalette::Mid);
    if (state == release::MatrixCell::State::Error) {
        fill = dark ? QColor(0x5a, 0x1e, 0x1e) : QColor(0xfd, 0xe8, 0xe8);
        border = QColor(0xc6, 0x28, 0x28);
    } else if (behind) {
        fill = dark ? QColor(0x4a, 0x3a, 0x12) : QColor(0xff, 0xf4, 0xd6);
        border = QColor(0xd9, 0x8e, 0x04);
    }
    if (selected)
        border = palette.color(QPalette::Highlight);
    painter->setPen(QPen(border, selected ? 2 : 1,
                         state == release::MatrixCell::State::NotDeployed ? Qt::DashLine : Qt::SolidLine));
    painter->setBrush(state == release::MatrixCell::State::NotDeployed ? Qt::NoBrush : QBrush(fill));
    painter->drawRoundedRect(QRectF(card).adjusted(0.5, 0.5, -0.5, -0.5), 6, 6);

    const QRect content = card.adjusted(Padding, Padding, -Padding, -Padding);
    if (state != release::MatrixCell::State::Deployed) {
        QFont italic = option.font;
        italic.setItalic(true);
        painter->setFont(italic);
        painter->setPen(state == release::MatrixCell::State::Error ? QColor(0xc6, 0x28, 0x28) : muted);
        const QString message = state == release::MatrixCell::State::Error
                                    ? fm.elidedText(index.data(MatrixModel::ErrorRole).toString(), Qt::ElideRight, content.width() * 3)
                                    : index.data().toString();
        painter->drawText(content, Qt::AlignCenter | Qt::TextWordWrap, message);
        painter->restore();
        return;
    }

    QFont bold = option.font;
    bold.setBold(true);
    bold.setPointSizeF(option.font.pointSizeF() * 1.15);
    painter->setFont(bold);
    painter->setPen(text);
    painter->drawText(QRect(content.left(), content.top(), content.width(), line + 4), Qt::AlignLeft | Qt::AlignVCenter,
                      index.data().toString());
    if (behind)
        paintBadge(painter, card, tr("behind"), QColor(0xc2, 0x7c, 0x00), option.font);
    else if (ahead)
        paintBadge(painter, card, tr("ahead"), QColor(0x15, 0x65, 0xc0), option.font);

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(option.font.pointSizeF() * 0.9);
    painter->setFont(mono);
    painter->setPen(muted);
    const QString digest = index.data(MatrixModel::DigestRole).toString().mid(7, 12);
    const QString commit = index.data(MatrixModel::CommitRole).toString().left(7);
    const QString ids = commit.isEmpty() ? u"@%1"_s.arg(digest) : u"@%1  ⎇ %2"_s.arg(digest, commit);
    painter->drawText(QRect(content.left(), content.top() + line + 6, content.width(), line), Qt::AlignLeft | Qt::AlignVCenter, ids);

    painter->setFont(option.font);
    painter->setPen(text);
    const QString subject = index.data(MatrixModel::SubjectRole).toString();
    painter->drawText(QRect(content.left(), content.top() + 2 * line + 8, content.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                      fm.elidedText(subject, Qt::ElideRight, content.width()));
    // Drift (the environment reports another version than the registry says) in the age line's
    // corner: the thing to notice first in an incident.
    if (const QString live = index.data(MatrixModel::LiveVersionRole).toString(); !live.isEmpty()) {
        const QString badge = tr("live %1").arg(live);
        QFont small = option.font;
        small.setBold(true);
        const QFontMetrics sfm(small);
        const QRect box(card.right() - Padding - sfm.horizontalAdvance(badge) - 10, content.top() + 3 * line + 10,
                        sfm.horizontalAdvance(badge) + 10, line);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(0xc6, 0x28, 0x28));
        painter->drawRoundedRect(box, 4, 4);
        painter->setPen(Qt::white);
        painter->setFont(small);
        painter->drawText(box, Qt::AlignCenter, badge);
        painter->setFont(option.font);
    }
    painter->setPen(muted);
    const auto *model = qobject_cast<const MatrixModel *>(index.model());
    const QString age = model ? model->ageText(model->matrix().rows[index.row()].cells[index.column() - 1]) : QString();
    painter->drawText(QRect(content.left(), content.top() + 3 * line + 10, content.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                      age);
    painter->restore();
}

} // namespace rd::ui
