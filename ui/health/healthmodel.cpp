// SPDX-License-Identifier: GPL-3.0-or-later
#include "healthmodel.h"

#include "health/healthmonitor.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {



} // namespace

HealthModel::HealthModel(QObject *parent) : QAbstractTableModel(parent)
{
}

void HealthModel::setRows(QList<HealthRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QList<HealthRow> HealthModel::snapshot(const health::HealthMonitor &monitor)
{
    QList<HealthRow> rows;
    rows.reserve(monitor.specs().size());
    for (qsizetype i = 0; i < monitor.specs().size(); ++i) {
        const health::CheckState &state = monitor.state(i);
        rows.append({monitor.specs()[i].environment, monitor.specs()[i].name, state.status(), state.last().latencyMs,
                     state.last().error, state.history().points()});
    }
    return rows;
}

int HealthModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HealthModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : COLUMN_COUNT;
}

QVariant HealthModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const HealthRow &row = m_rows[index.row()];
    switch (role) {
    case StatusRole:
        return int(row.status);
    case LatencyRole:
        return row.latencyMs ? QVariant(*row.latencyMs) : QVariant();
    case HistoryRole: {
        QVariantList latencies;
        for (const health::HistoryPoint &point : row.history)
            latencies.append(point.latencyMs ? QVariant(*point.latencyMs) : QVariant());
        return latencies;
    }
    case HistoryStatusRole: {
        QVariantList statuses;
        for (const health::HistoryPoint &point : row.history)
            statuses.append(int(point.status));
        return statuses;
    }
    case Qt::ToolTipRole:
        return row.error.isEmpty() ? QVariant() : QVariant(row.error);
    case Qt::DecorationRole:
        return index.column() == StatusColumn ? QVariant(statusColor(row.status)) : QVariant();
    case Qt::DisplayRole:
        switch (Columns(index.column())) {
        case EnvironmentColumn:
            return row.environment;
        case CheckColumn:
            return row.check;
        case StatusColumn:
            return statusText(row.status);
        case LatencyColumn:
            return row.latencyMs ? tr("%1 ms").arg(*row.latencyMs) : u"—"_s;
        case HistoryColumn:
            return {};
        case ErrorColumn:
            return row.error;
        case COLUMN_COUNT:
            break;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant HealthModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case EnvironmentColumn:
        return tr("Environment");
    case CheckColumn:
        return tr("Check");
    case StatusColumn:
        return tr("Status");
    case LatencyColumn:
        return tr("Latency");
    case HistoryColumn:
        return tr("Recent latency");
    case ErrorColumn:
        return tr("Last error");
    case COLUMN_COUNT:
        break;
    }
    return {};
}

QColor HealthModel::statusColor(health::Status status)
{
    switch (status) {
    case health::Status::Healthy:
        return QColor(0x2e, 0x9e, 0x44);
    case health::Status::Degraded:
        return QColor(0xd9, 0x8e, 0x04);
    case health::Status::Down:
        return QColor(0xd0, 0x30, 0x30);
    case health::Status::Unknown:
        break;
    }
    return QColor(0x8a, 0x8a, 0x8a);
}

QString HealthModel::statusText(health::Status status)
{
    switch (status) {
    case health::Status::Healthy:
        return tr("healthy");
    case health::Status::Degraded:
        return tr("degraded");
    case health::Status::Down:
        return tr("down");
    case health::Status::Unknown:
        break;
    }
    return tr("unknown");
}

} // namespace rd::ui
