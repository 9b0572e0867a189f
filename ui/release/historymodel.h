// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historyrecord.h"

#include <QAbstractTableModel>

namespace rd::ui {

// Audit records, newest first. Replaced whole with setRecords().
class HistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { TimeColumn, ActionColumn, ArtifactColumn, EnvironmentColumn, FromColumn, ToColumn, ResultColumn, UserColumn,
                   COLUMN_COUNT };
    enum Roles { ArtifactRole = Qt::UserRole, EnvironmentRole, ResultRole };

    explicit HistoryModel(QObject *parent = nullptr);

    void setRecords(QList<HistoryRecord> records);
    const QList<HistoryRecord> &records() const { return m_records; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<HistoryRecord> m_records;
};

} // namespace rd::ui
