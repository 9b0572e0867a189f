// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "git/diff.h"

#include <QAbstractTableModel>

namespace rd::ui {

// The files of a comparison: status, path (old → new for renames), +/- counts. Replaced whole.
class DiffFilesModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Columns { StatusColumn, PathColumn, InsertionsColumn, DeletionsColumn, ColumnCount };
    enum Roles { FileIndexRole = Qt::UserRole }; // the file's index in the diff

    explicit DiffFilesModel(QObject *parent = nullptr);

    void setFiles(QList<git::FileChange> files);
    const QList<git::FileChange> &files() const { return m_files; }
    // The same files with their +/- counts and binary flags (same order); no reset, so the
    // selection and scroll position stay.
    void setCounts(const QList<git::FileChange> &files);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<git::FileChange> m_files;
};

} // namespace rd::ui
