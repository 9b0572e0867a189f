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

bool isDeployedCell(const QModelIndex &index)
{
    return index.isValid() && index.column() > 0
        && release::MatrixCell::State(index.data(MatrixModel::StateRole).toInt()) == release::MatrixCell::State::Deployed;
}

QColor deploymentStateColor(const QString &state)
{
    if (state == u"failed")
        return QColor(0xc6, 0x28, 0x28);
    if (state == u"rolled back")
        return QColor(0x6a, 0x1b, 0x9a);
    if (state == u"interrupted")
        return QColor(0xc2, 0x7c, 0x00); // a deploy whose process ended unfinished: not in progress
    return QColor(0x15, 0x65, 0xc0); // deploying, verifying: in progress
}

} // namespace

QString MatrixCellDelegate::promoteText(const QModelIndex &index)
{
    if (!isDeployedCell(index) || index.column() + 1 >= index.model()->columnCount())
        return {};
    const auto *model = qobject_cast<const MatrixModel *>(index.model());
    const QString next = model ? model->matrix().environments.value(index.column()).name
                               : index.model()->headerData(index.column() + 1, Qt::Horizontal).toString();
    return tr("Promote to %1 ▸").arg(next);
}

QRect MatrixCellDelegate::buttonRect(CellButton button, const QRect &cellRect, const QFont &font, const QModelIndex &index)
{
    if (button == CellButton::None || !isDeployedCell(index))
        return {};
    const QFontMetrics fm(font);
    const QRect content = cellRect.adjusted(Margin + Padding, Margin + Padding, -Margin - Padding, -Margin - Padding);
    const int height = fm.lineSpacing() + 6;
    const int top = content.bottom() - height + 1;
    if (button == CellButton::Promote) {
        const QString text = promoteText(index);
        if (text.isEmpty())
            return {};
        return QRect(content.left(), top, std::min(fm.horizontalAdvance(text) + 16, content.width() / 3 * 2), height);
    }
    const int width = fm.horizontalAdvance(tr("Rollback")) + 16;
    return QRect(content.right() - width + 1, top, width, height);
}

MatrixCellDelegate::CellButton MatrixCellDelegate::buttonAt(const QRect &cellRect, const QFont &font, const QModelIndex &index,
                                                            const QPoint &pos)
{
    for (CellButton button : {CellButton::Promote, CellButton::Rollback}) {
        if (buttonRect(button, cellRect, font, index).contains(pos))
            return button;
    }
    return CellButton::None;
}

MatrixCellDelegate::MatrixCellDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

QSize MatrixCellDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &) const
{
    const QFontMetrics fm(option.font);
    // The last line holds the release buttons (on hover or selection).
    return {fm.averageCharWidth() * 30, 5 * fm.lineSpacing() + 22 + 2 * (Margin + Padding)};
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
        if (const QString deployment = index.data(MatrixModel::DeploymentStateRole).toString(); !deployment.isEmpty())
            paintBadge(painter, card, deployment, deploymentStateColor(deployment), option.font);
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
    if (const QString deployment = index.data(MatrixModel::DeploymentStateRole).toString(); !deployment.isEmpty())
        paintBadge(painter, card, deployment, deploymentStateColor(deployment), option.font);
    else if (behind)
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

    // Release buttons, only where the pointer or the selection is: the matrix stays calm.
    if (option.state & (QStyle::State_MouseOver | QStyle::State_Selected)) {
        const QColor accent = palette.color(QPalette::Highlight);
        for (CellButton button : {CellButton::Promote, CellButton::Rollback}) {
            const QRect box = buttonRect(button, option.rect, option.font, index);
            if (box.isEmpty())
                continue;
            const bool primary = button == CellButton::Promote;
            painter->setPen(primary ? Qt::NoPen : QPen(border));
            painter->setBrush(primary ? QBrush(accent) : palette.brush(QPalette::Button));
            painter->drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4);
            painter->setPen(primary ? palette.color(QPalette::HighlightedText) : palette.color(QPalette::ButtonText));
            painter->setFont(option.font);
            painter->drawText(box, Qt::AlignCenter, fm.elidedText(primary ? promoteText(index) : tr("Rollback"), Qt::ElideRight, box.width() - 8));
        }
    }
    painter->restore();
}

} // namespace rd::ui
