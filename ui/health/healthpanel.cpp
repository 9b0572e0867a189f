// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthpanel.h"

#include "health/healthmonitor.h"
#include "healthmodel.h"

#include <QHeaderView>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace rd::ui {

namespace {

// Bars of recent latencies, scaled to the largest, each coloured by that check's status then.
class SparklineDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);
        const QVariantList latencies = index.data(HealthModel::HistoryRole).toList();
        const QVariantList statuses = index.data(HealthModel::HistoryStatusRole).toList();
        if (latencies.isEmpty())
            return;
        qint64 highest = 1;
        for (const QVariant &latency : latencies)
            highest = std::max(highest, latency.toLongLong());
        const QRectF area = QRectF(option.rect).adjusted(2, 3, -2, -3);
        const qreal width = area.width() / qreal(latencies.size());
        painter->save();
        painter->setPen(Qt::NoPen);
        for (qsizetype i = 0; i < latencies.size(); ++i) {
            const health::Status status = health::Status(statuses.value(i).toInt());
            const qreal height = latencies[i].isValid()
                ? std::max<qreal>(1.0, area.height() * qreal(latencies[i].toLongLong()) / qreal(highest))
                : area.height(); // a check that could not run: a full grey bar
            painter->setBrush(HealthModel::statusColor(status));
            painter->drawRect(QRectF(area.left() + qreal(i) * width, area.bottom() - height, std::max<qreal>(1.0, width - 1), height));
        }
        painter->restore();
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(120, 0));
    }
};

} // namespace

HealthPanel::HealthPanel(QWidget *parent)
    : QWidget(parent), m_model(new HealthModel(this)), m_view(new QTableView(this)), m_refresh(new QTimer(this))
{
    m_view->setModel(m_model);
    m_view->setItemDelegateForColumn(HealthModel::HistoryColumn, new SparklineDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->setWordWrap(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(250);
    connect(m_refresh, &QTimer::timeout, this, &HealthPanel::refresh);
}

void HealthPanel::setMonitor(health::HealthMonitor *monitor)
{
    if (m_monitor)
        disconnect(m_monitor, nullptr, this, nullptr);
    m_monitor = monitor;
    if (monitor) {
        connect(monitor, &health::HealthMonitor::checkFinished, this, [this] {
            if (!m_refresh->isActive())
                m_refresh->start();
        });
    }
    refresh();
}

void HealthPanel::refresh()
{
    m_model->setRows(m_monitor ? HealthModel::snapshot(*m_monitor) : QList<HealthRow>());
    m_view->resizeColumnsToContents();
}

} // namespace rd::ui
