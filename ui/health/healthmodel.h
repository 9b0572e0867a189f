// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "health/checkstate.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QList>

namespace rd::health {
class HealthMonitor;
}

namespace rd::ui {

// One health check as the panel shows it: a snapshot, copied out of the monitor.
struct HealthRow
{
    QString environment;
    QString check;
    health::Status status = health::Status::Unknown;
    std::optional<qint64> latencyMs;
    QString error;
    QList<health::HistoryPoint> history; // oldest first
};

// Every check of every environment, one row each, for the health panel. Replaced whole with
// setRows() (one reset), never edited cell by cell.
class HealthModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { EnvironmentColumn, CheckColumn, StatusColumn, LatencyColumn, HistoryColumn, ErrorColumn, COLUMN_COUNT };
    enum Roles {
        StatusRole = Qt::UserRole, // health::Status as int
        LatencyRole,               // qint64, or invalid when the check did not run
        HistoryRole,               // QVariantList of latencies (qint64; invalid where none), oldest first
        HistoryStatusRole,         // QVariantList of health::Status as int, oldest first
    };

    explicit HealthModel(QObject *parent = nullptr);

    void setRows(QList<HealthRow> rows);
    const QList<HealthRow> &rows() const { return m_rows; }
    // The monitor's state now, as rows.
    static QList<HealthRow> snapshot(const health::HealthMonitor &monitor);
    // The colour of a status wherever it is drawn (dots, sparkline bars).
    static QColor statusColor(health::Status status);
    // The status in words, translated ("healthy", "down", …).
    static QString statusText(health::Status status);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HealthRow> m_rows;
};

} // namespace rd::ui
