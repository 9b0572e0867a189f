// SPDX-License-Identifier: GPL-3.0-or-later
#include "backups/backupspanel.h"

#include "backups/backupactions.h"
#include "backups/backuppoller.h"
#include "util/duration.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

QString sizeText(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QColor stateColor(backups::BackupStatus::State state)
{
    switch (state) {
    case backups::BackupStatus::State::Ok: return QColor(0x2e, 0x9e, 0x4f);
    case backups::BackupStatus::State::Stale:
    case backups::BackupStatus::State::Small: return QColor(0xd9, 0x8c, 0x1a);
    case backups::BackupStatus::State::Missing:
    case backups::BackupStatus::State::Error: return QColor(0xcc, 0x33, 0x33);
    }
    return Qt::gray;
}

QString stateText(backups::BackupStatus::State state)
{
    switch (state) {
    case backups::BackupStatus::State::Ok: return BackupsPanel::tr("OK");
    case backups::BackupStatus::State::Stale: return BackupsPanel::tr("Stale");
    case backups::BackupStatus::State::Small: return BackupsPanel::tr("Small");
    case backups::BackupStatus::State::Missing: return BackupsPanel::tr("Missing");
    case backups::BackupStatus::State::Error: return BackupsPanel::tr("Error");
    }
    return {};
}

// A round badge in the status colour, for the status cell.
QIcon badge(const QColor &color)
{
    QPixmap pixmap(14, 14);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(color);
    painter.drawEllipse(1, 1, 12, 12);
    return QIcon(pixmap);
}

QTableWidgetItem *item(const QString &text, const QString &tip = {})
{
    auto *cell = new QTableWidgetItem(text);
    cell->setToolTip(tip.isEmpty() ? text : tip);
    return cell;
}

} // namespace

BackupsPanel::BackupsPanel(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(0, ColumnCount, this))
    , m_summary(new QLabel(this))
    , m_backup(new QPushButton(tr("Back up now"), this))
    , m_restore(new QPushButton(tr("Restore…"), this))
    , m_clean(new QPushButton(tr("Clean up…"), this))
    , m_refresh(new QPushButton(tr("Refresh"), this))
    , m_log(new QPlainTextEdit(this))
{
    setObjectName(u"backupsPanel"_s);
    m_table->setObjectName(u"backupsTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Environment"), tr("Status"), tr("Newest backup"), tr("Time"), tr("Age"), tr("Size"),
                                        tr("Count"), tr("Total"), tr("Beyond retention"), tr("Last error")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(ErrorColumn, QHeaderView::Stretch);
    m_table->setAlternatingRowColors(true);
    m_summary->setObjectName(u"backupsSummary"_s);
    m_summary->setText(tr("No workspace loaded."));
    m_log->setObjectName(u"backupsLog"_s);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("Output of backup actions appears here."));
    m_log->setMaximumHeight(160);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_refresh);
    buttons->addWidget(m_backup);
    buttons->addWidget(m_restore);
    buttons->addWidget(m_clean);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_log);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BackupsPanel::updateButtons);
    connect(m_backup, &QPushButton::clicked, this, &BackupsPanel::backUpNow);
    connect(m_restore, &QPushButton::clicked, this, &BackupsPanel::restore);
    connect(m_clean, &QPushButton::clicked, this, &BackupsPanel::cleanUp);
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        if (m_poller)
            m_poller->refresh();
    });
    updateButtons();
}

backups::BackupPoller *BackupsPanel::poller() const
{
    return m_poller;
}

QDialog *BackupsPanel::dialog() const
{
    return m_dialog;
}

void BackupsPanel::setPoller(backups::BackupPoller *poller)
{
    if (m_poller)
        disconnect(m_poller, nullptr, this, nullptr);
    m_poller = poller;
    showStatuses({});
    if (!poller) {
        m_summary->setText(tr("No workspace loaded."));
        return;
    }
    connect(poller, &backups::BackupPoller::updated, this, &BackupsPanel::showStatuses);
    connect(poller, &backups::BackupPoller::refreshStarted, this, [this] { m_summary->setText(tr("Reading backup folders…")); });
    if (!poller->statuses().isEmpty())
        showStatuses(poller->statuses());
}

void BackupsPanel::showStatuses(const QList<backups::BackupStatus> &statuses)
{
    const QString previous = selected() ? selected()->environment : QString();
    m_statuses = statuses;
    m_table->setRowCount(int(statuses.size()));
    int problems = 0;
    for (int row = 0; row < statuses.size(); ++row) {
        const backups::BackupStatus &s = statuses.at(row);
        if (!s.isOk())
            ++problems;
        m_table->setItem(row, EnvironmentColumn, item(s.environment, tr("%1 on %2").arg(s.path, s.host)));
        auto *status = item(stateText(s.state), s.flags().join(u", "_s));
        status->setIcon(badge(stateColor(s.state)));
        status->setForeground(stateColor(s.state));
        m_table->setItem(row, StatusColumn, status);
        if (s.newest) {
            m_table->setItem(row, NewestColumn, item(s.newest->name));
            m_table->setItem(row, TimeColumn, item(QLocale().toString(s.newest->time.toLocalTime(), QLocale::ShortFormat),
                                                   s.newest->time.toString(Qt::ISODate)));
            m_table->setItem(row, AgeColumn, item(formatAge(std::chrono::seconds(s.ageSeconds))));
            m_table->setItem(row, SizeColumn, item(sizeText(s.newest->size), QLocale().toString(s.newest->size) + tr(" bytes")));
        } else {
            for (int column : {NewestColumn, TimeColumn, AgeColumn, SizeColumn})
                m_table->setItem(row, column, item(u"—"_s));
        }
        m_table->setItem(row, CountColumn, item(QLocale().toString(s.count())));
        m_table->setItem(row, TotalColumn, item(sizeText(s.totalSize)));
        m_table->setItem(row, BeyondColumn, item(QLocale().toString(s.beyondRetention.size())));
        QString error = s.error;
        if (s.small && s.files.size() >= 2)
            error = tr("newest is %1, the one before %2").arg(sizeText(s.newest->size), sizeText(s.files.at(1).size));
        else if (s.stale && error.isEmpty())
            error = tr("no backup for %1").arg(formatAge(std::chrono::seconds(s.ageSeconds)));
        m_table->setItem(row, ErrorColumn, item(error));
        if (s.environment == previous)
            m_table->selectRow(row);
    }
    m_table->resizeColumnsToContents();
    if (!m_table->selectionModel()->hasSelection() && !statuses.isEmpty())
        m_table->selectRow(0);
    if (m_poller && m_poller->isRunning())
        m_summary->setText(tr("Reading backup folders…"));
    else if (statuses.isEmpty())
        m_summary->setText(m_poller ? tr("No environment configures backups.") : tr("No workspace loaded."));
    else
        m_summary->setText(problems == 0 ? tr("All %n environment(s) have recent backups.", nullptr, int(statuses.size()))
                                         : tr("%n environment(s) need attention.", nullptr, problems));
    updateButtons();
    Q_EMIT statusesShown();
}

const backups::BackupStatus *BackupsPanel::selected() const
{
    const QList<QTableWidgetSelectionRange> ranges = m_table->selectedRanges();
    if (ranges.isEmpty() || ranges.front().topRow() >= m_statuses.size())
        return nullptr;
    return &m_statuses.at(ranges.front().topRow());
}

bool BackupsPanel::selectEnvironment(const QString &environment)
{
    for (int row = 0; row < m_statuses.size(); ++row) {
        if (m_statuses.at(row).environment == environment) {
            m_table->selectRow(row);
            return true;
        }
    }
    return false;
}

void BackupsPanel::updateButtons()
{
    const backups::BackupStatus *status = selected();
    const config::Environment *environment = status && m_poller ? m_poller->workspace().environment(status->environment) : nullptr;
    const bool idle = !m_busy && environment && environment->backups;
    m_backup->setEnabled(idle && !environment->backups->command.isEmpty());
    m_restore->setEnabled(idle && !environment->backups->restore.isEmpty() && !status->files.isEmpty());
    m_clean->setEnabled(idle && !status->beyondRetention.isEmpty());
    m_refresh->setEnabled(m_poller != nullptr);
    m_backup->setToolTip(environment && environment->backups && environment->backups->command.isEmpty()
                             ? tr("The workspace configures no backups command for this environment.") : QString());
    m_restore->setToolTip(environment && environment->backups && environment->backups->restore.isEmpty()
                              ? tr("The workspace configures no restore command for this environment.") : QString());
}

void BackupsPanel::backUpNow()
{
    const backups::BackupStatus *status = selected();
    if (!status || !m_poller)
        return;
    Result<release::Plan> plan = backups::backupNowPlan(m_poller->workspace(), *m_poller->pool(), status->environment);
    if (!plan)
        return finishAction(false, plan.error().message);
    runPlan(*plan);
}

void BackupsPanel::restore()
{
    const backups::BackupStatus *status = selected();
    if (!status || !m_poller)
        return;
    const config::Environment *environment = m_poller->workspace().environment(status->environment);
    if (!environment)
        return;
    const backups::BackupStatus chosen = *status;
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"restoreDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Restore %1").arg(chosen.environment));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(tr("Choose the backup to restore into %1. Its current data is replaced.").arg(chosen.environment), dialog));
    auto *files = new QListWidget(dialog);
    files->setObjectName(u"restoreFiles"_s);
    for (const backups::BackupFile &file : chosen.files) {
        auto *entry = new QListWidgetItem(tr("%1   (%2, %3)").arg(file.name, QLocale().toString(file.time.toLocalTime(), QLocale::ShortFormat),
                                                                sizeText(file.size)), files);
        entry->setData(Qt::UserRole, file.name);
    }
    layout->addWidget(files);
    QLineEdit *confirmation = nullptr;
    if (environment->isProtected) {
        layout->addWidget(new QLabel(tr("%1 is protected. Type its name to confirm:").arg(chosen.environment), dialog));
        confirmation = new QLineEdit(dialog);
        confirmation->setObjectName(u"restoreConfirmation"_s);
        confirmation->setPlaceholderText(chosen.environment);
        layout->addWidget(confirmation);
    }
    auto *box = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = box->addButton(tr("Restore"), QDialogButtonBox::AcceptRole);
    ok->setObjectName(u"restoreButton"_s);
    ok->setEnabled(false);
    layout->addWidget(box);
    const auto check = [=] {
        ok->setEnabled(files->currentItem() && (!confirmation || confirmation->text() == chosen.environment));
    };
    connect(files, &QListWidget::currentItemChanged, dialog, check);
    if (confirmation)
        connect(confirmation, &QLineEdit::textChanged, dialog, check);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(box, &QDialogButtonBox::accepted, dialog, [=, this] {
        const QString file = files->currentItem()->data(Qt::UserRole).toString();
        Result<release::Plan> plan = backups::restorePlan(m_poller->workspace(), *m_poller->pool(), chosen.environment, file,
                                                          confirmation ? confirmation->text() : QString(), &chosen);
        dialog->accept();
        if (!plan)
            return finishAction(false, plan.error().message);
        runPlan(*plan);
    });
    m_dialog = dialog;
    dialog->open();
}

void BackupsPanel::cleanUp()
{
    const backups::BackupStatus *status = selected();
    if (!status || !m_poller)
        return;
    Result<release::Plan> plan = backups::cleanPlan(m_poller->workspace(), *m_poller->pool(), *status);
    if (!plan)
        return finishAction(false, plan.error().message);
    auto *dialog = new QDialog(this);
    dialog->setObjectName(u"cleanDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Clean up %1").arg(status->environment));
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(new QLabel(tr("This plan deletes the backups older than the retention period. The newest backup is always kept."), dialog));
    auto *text = new QPlainTextEdit(dialog);
    text->setObjectName(u"cleanPlan"_s);
    text->setReadOnly(true);
    QString shown;
    for (const QString &warning : plan->warnings)
        shown += warning + u'\n';
    for (const backups::BackupFile &file : status->beyondRetention)
        shown += tr("delete %1  (%2, %3)").arg(file.name, file.time.toString(Qt::ISODate), sizeText(file.size)) + u'\n';
    for (const auto &step : plan->steps)
        shown += u'\n' + step->description() + u'\n';
    text->setPlainText(shown);
    layout->addWidget(text);
    auto *box = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *ok = box->addButton(tr("Delete %n backup(s)", nullptr, int(status->beyondRetention.size())), QDialogButtonBox::DestructiveRole);
    ok->setObjectName(u"cleanButton"_s);
    ok->setEnabled(!plan->steps.isEmpty());
    layout->addWidget(box);
    connect(box, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(ok, &QPushButton::clicked, dialog, [this, dialog, plan = *plan] {
        dialog->accept();
        runPlan(plan);
    });
    m_dialog = dialog;
    dialog->resize(640, 360);
    dialog->open();
}

void BackupsPanel::runPlan(const release::Plan &plan)
{
    m_busy = true;
    updateButtons();
    m_log->appendPlainText(tr("▶ %1").arg(plan.summary()));
    QPointer<BackupsPanel> self(this);
    QtConcurrent::run([plan, self] {
        return release::runPlan(plan, [self](const release::StepEvent &event) {
            if (event.kind != release::StepEvent::Kind::Output)
                return;
            QMetaObject::invokeMethod(self.data(), [self, text = event.text] {
                if (self)
                    self->m_log->appendPlainText(text);
            }, Qt::QueuedConnection);
        });
    }).then(this, [this, summary = plan.summary()](const release::PlanOutcome &outcome) {
        finishAction(outcome.succeeded(), outcome.succeeded() ? tr("Done: %1").arg(summary) : outcome.message);
    });
}

void BackupsPanel::finishAction(bool ok, const QString &message)
{
    m_busy = false;
    m_log->appendPlainText(ok ? message : tr("✗ %1").arg(message));
    updateButtons();
    if (m_poller)
        m_poller->refresh();
    Q_EMIT actionFinished(ok, message);
}

} // namespace rd::ui
