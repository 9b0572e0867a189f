// SPDX-License-Identifier: GPL-3.0-or-later
#include "historypanel.h"

#include "historyexport.h"
#include "historymodel.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

// Rows whose artifact and environment match the chosen ones (empty: any).
class HistoryFilter final : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setFilters(const QString &artifact, const QString &environment)
    {
        m_artifact = artifact;
        m_environment = environment;
        invalidateRowsFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        return (m_artifact.isEmpty() || index.data(HistoryModel::ArtifactRole).toString() == m_artifact)
            && (m_environment.isEmpty() || index.data(HistoryModel::EnvironmentRole).toString() == m_environment);
    }

private:
    QString m_artifact;
    QString m_environment;
};

void fillCombo(QComboBox *combo, const QString &all, QStringList values)
{
    const QString current = combo->currentData().toString();
    values.sort();
    combo->blockSignals(true);
    combo->clear();
    combo->addItem(all, QString());
    for (const QString &value : values)
        combo->addItem(value, value);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
    combo->blockSignals(false);
}

} // namespace

HistoryPanel::HistoryPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new HistoryModel(this))
    , m_filter(new HistoryFilter(this))
    , m_table(new QTableView(this))
    , m_artifact(new QComboBox(this))
    , m_environment(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_status(new QLabel(this))
{
    setObjectName(u"historyPanel"_s);
    m_filter->setSourceModel(m_model);
    m_table->setObjectName(u"historyTable"_s);
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_artifact->setObjectName(u"historyArtifactFilter"_s);
    m_environment->setObjectName(u"historyEnvironmentFilter"_s);
    fillFilters();
    const auto apply = [this] {
        static_cast<HistoryFilter *>(m_filter)->setFilters(m_artifact->currentData().toString(), m_environment->currentData().toString());
        m_count->setText(tr("%n record(s)", nullptr, m_filter->rowCount()));
    };
    connect(m_artifact, &QComboBox::currentIndexChanged, this, apply);
    connect(m_environment, &QComboBox::currentIndexChanged, this, apply);
    connect(m_model, &QAbstractItemModel::modelReset, this, apply);

    auto *csv = new QPushButton(tr("Export CSV…"), this);
    csv->setObjectName(u"historyExportCsv"_s);
    connect(csv, &QPushButton::clicked, this, [this] { exportAs(false); });
    auto *json = new QPushButton(tr("Export JSON…"), this);
    json->setObjectName(u"historyExportJson"_s);
    connect(json, &QPushButton::clicked, this, [this] { exportAs(true); });

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Artifact:"), this));
    bar->addWidget(m_artifact);
    bar->addSpacing(12);
    bar->addWidget(new QLabel(tr("Environment:"), this));
    bar->addWidget(m_environment);
    bar->addSpacing(12);
    bar->addWidget(m_count);
    bar->addStretch(1);
    bar->addWidget(csv);
    bar->addWidget(json);
    m_status->setObjectName(u"historyStatus"_s);
    m_status->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    apply();
}

void HistoryPanel::setRecords(QList<HistoryRecord> records)
{
    m_model->setRecords(std::move(records));
    fillFilters();
    m_status->setText(m_model->rowCount() == 0 ? tr("No promotion or rollback has been recorded for this workspace yet.") : QString());
}

void HistoryPanel::fillFilters()
{
    QSet<QString> artifacts;
    QSet<QString> environments;
    for (const HistoryRecord &record : m_model->records()) {
        artifacts.insert(record.artifact);
        environments.insert(record.environment);
    }
    fillCombo(m_artifact, tr("All artifacts"), artifacts.values());
    fillCombo(m_environment, tr("All environments"), environments.values());
}

void HistoryPanel::setArtifactFilter(const QString &artifact)
{
    m_artifact->setCurrentIndex(std::max(0, m_artifact->findData(artifact)));
}

void HistoryPanel::setEnvironmentFilter(const QString &environment)
{
    m_environment->setCurrentIndex(std::max(0, m_environment->findData(environment)));
}

QList<HistoryRecord> HistoryPanel::visibleRecords() const
{
    QList<HistoryRecord> records;
    for (int row = 0; row < m_filter->rowCount(); ++row)
        records.append(m_model->records().at(m_filter->mapToSource(m_filter->index(row, 0)).row()));
    return records;
}

Result<void> HistoryPanel::exportCsv(const QString &path) const
{
    return writeHistoryFile(path, historyToCsv(visibleRecords()));
}

Result<void> HistoryPanel::exportJson(const QString &path) const
{
    return writeHistoryFile(path, historyToJson(visibleRecords()));
}

void HistoryPanel::exportAs(bool json)
{
    const QString path = QFileDialog::getSaveFileName(this, json ? tr("Export History as JSON") : tr("Export History as CSV"),
                                                      json ? u"history.json"_s : u"history.csv"_s,
                                                      json ? tr("JSON files (*.json)") : tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const Result<void> written = json ? exportJson(path) : exportCsv(path);
    m_status->setText(written ? tr("Exported %n record(s) to %1.", nullptr, m_filter->rowCount()).arg(path) : written.error().toString());
}

} // namespace rd::ui
