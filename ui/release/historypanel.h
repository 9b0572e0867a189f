// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "historyrecord.h"
#include "util/error.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace rd::ui {

class HistoryModel;

// Every promotion and rollback, newest first, filtered by artifact and environment, exported
// to CSV or JSON (what is shown after filtering is what is exported).
class HistoryPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget *parent = nullptr);

    void setRecords(QList<HistoryRecord> records);
    void setArtifactFilter(const QString &artifact);      // empty: all
    void setEnvironmentFilter(const QString &environment);
    // The records the table shows now, in its order.
    QList<HistoryRecord> visibleRecords() const;

    [[nodiscard]] Result<void> exportCsv(const QString &path) const;
    [[nodiscard]] Result<void> exportJson(const QString &path) const;

    HistoryModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QComboBox *artifactFilter() const { return m_artifact; }
    QComboBox *environmentFilter() const { return m_environment; }

private:
    void fillFilters();
    void exportAs(bool json);

    HistoryModel *m_model;
    QSortFilterProxyModel *m_filter;
    QTableView *m_table;
    QComboBox *m_artifact;
    QComboBox *m_environment;
    QLabel *m_count;
    QLabel *m_status;
};

} // namespace rd::ui
