// SPDX-License-Identifier: GPL-3.0-or-later
#include "difffilesmodel.h"

#include <QColor>

using namespace Qt::StringLiterals;

namespace rd::ui {

DiffFilesModel::DiffFilesModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DiffFilesModel::setFiles(QList<git::FileChange> files)
{
    beginResetModel();
    m_files = std::move(files);
    endResetModel();
}

void DiffFilesModel::setCounts(const QList<git::FileChange> &files)
{
    if (files.size() != m_files.size())
        return setFiles(files);
    m_files = files;
    if (!m_files.isEmpty())
        Q_EMIT dataChanged(index(0, InsertionsColumn), index(rowCount() - 1, DeletionsColumn));
}

int DiffFilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_files.size());
}

int DiffFilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiffFilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const git::FileChange &file = m_files[index.row()];
    if (role == FileIndexRole)
        return index.row();
    switch (index.column()) {
    case StatusColumn:
        if (role == Qt::DisplayRole)
            return QString(git::changeStatusLetter(file.status));
        if (role == Qt::ForegroundRole) {
            switch (file.status) {
            case git::ChangeStatus::Added: return QColor(0x2e, 0x7d, 0x32);
            case git::ChangeStatus::Deleted: return QColor(0xc6, 0x28, 0x28);
            case git::ChangeStatus::Renamed:
            case git::ChangeStatus::Copied: return QColor(0x15, 0x65, 0xc0);
            default: return QColor(0xb2, 0x6a, 0x00);
            }
        }
        if (role == Qt::ToolTipRole) {
            QString text = git::changeStatusName(file.status);
            if (file.similarity > 0 && !file.oldPath.isEmpty())
                text += tr(" (%1% similar)").arg(file.similarity);
            if (file.modeChanged())
                text += tr(", mode %1 → %2").arg(file.oldMode, 0, 8).arg(file.newMode, 0, 8);
            return text;
        }
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignCenter);
        return {};
    case PathColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return file.oldPath.isEmpty() ? file.path : tr("%1 → %2").arg(file.oldPath, file.path);
        return {};
    case InsertionsColumn:
    case DeletionsColumn: {
        const bool insertions = index.column() == InsertionsColumn;
        if (role == Qt::DisplayRole) {
            if (file.binary)
                return insertions ? tr("bin") : QString();
            const int n = insertions ? file.insertions : file.deletions;
            return n == 0 ? QString() : (insertions ? u"+%1"_s : u"−%1"_s).arg(n);
        }
        if (role == Qt::ForegroundRole)
            return insertions ? QColor(0x2e, 0x7d, 0x32) : QColor(0xc6, 0x28, 0x28);
        if (role == Qt::TextAlignmentRole)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    default:
        return {};
    }
}

QVariant DiffFilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn: return QString();
    case PathColumn: return tr("File");
    case InsertionsColumn: return tr("Added");
    case DeletionsColumn: return tr("Removed");
    default: return {};
    }
}

} // namespace rd::ui
