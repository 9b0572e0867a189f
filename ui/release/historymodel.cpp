// SPDX-License-Identifier: GPL-3.0-or-later
#include "historymodel.h"

#include <QColor>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace rd::ui {

HistoryModel::HistoryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void HistoryModel::setRecords(QList<HistoryRecord> records)
{
    std::stable_sort(records.begin(), records.end(), [](const HistoryRecord &a, const HistoryRecord &b) {
        return a.time != b.time ? a.time > b.time : a.id > b.id;
    });
    beginResetModel();
    m_records = std::move(records);
    endResetModel();
}

int HistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_records.size());
}

int HistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : COLUMN_COUNT;
}

QVariant HistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const HistoryRecord &record = m_records[index.row()];
    switch (role) {
    case ArtifactRole: return record.artifact;
    case EnvironmentRole: return record.environment;
    case ResultRole: return record.result;
    case Qt::ToolTipRole: return record.message;
    case Qt::ForegroundRole:
        if (index.column() == ResultColumn) {
            if (record.result == u"succeeded")
                return QColor(0x2e, 0x7d, 0x32);
            if (record.result == u"cancelled")
                return QColor(0xc2, 0x7c, 0x00);
            return QColor(0xc6, 0x28, 0x28);
        }
        return {};
    case Qt::DisplayRole:
        switch (Columns(index.column())) {
        case TimeColumn: return record.time.toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
        case ActionColumn: return record.action;
        case ArtifactColumn: return record.artifact;
        case EnvironmentColumn: return record.environment;
        case FromColumn: return record.from.isEmpty() ? tr("—") : record.from;
        case ToColumn: return record.to;
        case ResultColumn: return record.result;
        case UserColumn: return record.user;
        case COLUMN_COUNT: break;
        }
        return {};
    default:
        return {};
    }
}

QVariant HistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Columns(section)) {
    case TimeColumn: return tr("Time");
    case ActionColumn: return tr("Action");
    case ArtifactColumn: return tr("Artifact");
    case EnvironmentColumn: return tr("Environment");
    case FromColumn: return tr("From");
    case ToColumn: return tr("To");
    case ResultColumn: return tr("Result");
    case UserColumn: return tr("User");
    case COLUMN_COUNT: break;
    }
    return {};
}

} // namespace rd::ui
