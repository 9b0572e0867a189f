// SPDX-License-Identifier: GPL-3.0-or-later
#include "registry/cleanupdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

enum Column { TagColumn, DigestColumn, DetailColumn };

// What planning produced, or why it stopped before asking any registry.
struct Planning
{
    release::RetentionPlan plan;
    QString historyError;
};

Planning planFor(const config::Workspace &workspace)
{
    // The audit log's versions are the rollback targets: they stay whatever the policy says.
    const auto history = release::auditedVersions(workspace);
    if (!history)
        return {{}, history.error().message};
    return {release::planCleanup(workspace, {}, QDateTime::currentDateTimeUtc(), *history), {}};
}

QTreeWidgetItem *entryItem(const release::RetentionEntry &entry, const QString &detail)
{
    auto *item = new QTreeWidgetItem({entry.artifact + u':' + entry.tag, entry.digest.left(19), detail});
    item->setToolTip(DigestColumn, entry.digest);
    return item;
}

} // namespace

CleanupDialog::CleanupDialog(config::Workspace workspace, QWidget *parent)
    : QDialog(parent)
    , m_workspace(std::move(workspace))
{
    setWindowTitle(tr("Clean Up Old Images"));
    auto *layout = new QVBoxLayout(this);
    m_summary = new QLabel(tr("Reading the registries…"), this);
    m_summary->setObjectName(u"cleanupSummary"_s);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    layout->addWidget(m_progress);

    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(u"cleanupPlan"_s);
    m_tree->setHeaderLabels({tr("Image"), tr("Digest"), tr("Built / why it stays")});
    m_tree->setRootIsDecorated(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(TagColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(DigestColumn, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 3);

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(u"cleanupLog"_s);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(2000);
    m_log->setPlaceholderText(tr("Nothing is deleted until you press Delete."));
    layout->addWidget(m_log, 1);

    auto *buttons = new QDialogButtonBox(this);
    m_delete = buttons->addButton(tr("Delete"), QDialogButtonBox::DestructiveRole);
    m_delete->setObjectName(u"cleanupDelete"_s);
    m_delete->setEnabled(false);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    connect(m_delete, &QPushButton::clicked, this, &CleanupDialog::runDeletion);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(760, 520);
    plan();
}

void CleanupDialog::plan()
{
    QPointer<CleanupDialog> self(this);
    QtConcurrent::run(planFor, m_workspace).then(this, [self](const Planning &planning) {
        if (self)
            self->showPlan(planning.plan, planning.historyError);
    });
}

void CleanupDialog::showPlan(const release::RetentionPlan &plan, const QString &historyError)
{
    m_plan = plan;
    m_stage = Stage::Planned;
    m_progress->hide();
    m_tree->clear();
    if (!historyError.isEmpty()) {
        m_summary->setText(tr("The rollback history cannot be read, so nothing is deleted: %1").arg(historyError));
        Q_EMIT planned();
        return;
    }
    auto *remove = new QTreeWidgetItem(m_tree, {tr("Delete (%n tag(s))", nullptr, int(plan.remove.size()))});
    for (const release::RetentionEntry &entry : plan.remove) {
        remove->addChild(entryItem(entry, entry.created.isValid() ? QLocale().toString(entry.created.toLocalTime(), QLocale::ShortFormat)
                                                                  : tr("build time unknown")));
    }
    auto *keep = new QTreeWidgetItem(m_tree, {tr("Keep (%n tag(s))", nullptr, int(plan.keep.size()))});
    for (const release::RetentionEntry &entry : plan.keep)
        keep->addChild(entryItem(entry, entry.reason));
    if (!plan.problems.isEmpty()) {
        auto *problems = new QTreeWidgetItem(m_tree, {tr("Could not be read (nothing of these is deleted)")});
        for (const QString &problem : plan.problems) {
            auto *item = new QTreeWidgetItem(problems, {problem});
            item->setFirstColumnSpanned(true);
            item->setForeground(TagColumn, palette().color(QPalette::Disabled, QPalette::Text));
        }
        problems->setFirstColumnSpanned(true);
        problems->setExpanded(true);
    }
    remove->setExpanded(true);

    const qsizetype images = plan.plan.steps.size();
    if (images == 0) {
        m_summary->setText(plan.problems.isEmpty() ? tr("Nothing to delete: every image is still wanted.")
                                                   : tr("Nothing to delete among the artifacts that could be read."));
    } else {
        m_summary->setText(tr("%1 tag(s) in %2 image(s) will be deleted from the registries; %3 kept. A deleted image "
                              "cannot be restored by ReleaseDeck.")
                               .arg(plan.remove.size())
                               .arg(images)
                               .arg(plan.keep.size()));
        m_delete->setText(tr("Delete %n Image(s)", nullptr, int(images)));
        m_delete->setEnabled(true);
        m_delete->setMinimumWidth(m_delete->sizeHint().width()); // the button box sized it for "Delete"
    }
    Q_EMIT planned();
}

void CleanupDialog::runDeletion()
{
    if (m_stage != Stage::Planned || m_plan.plan.steps.isEmpty())
        return;
    m_stage = Stage::Deleting;
    m_delete->setEnabled(false);
    m_close->setEnabled(false);
    m_progress->setRange(0, int(m_plan.plan.steps.size()));
    m_progress->setValue(0);
    m_progress->show();
    QPointer<CleanupDialog> self(this);
    const auto onEvent = [self](const release::StepEvent &event) {
        QMetaObject::invokeMethod(self.data(), [self, event] {
            if (!self)
                return;
            if (event.kind == release::StepEvent::Kind::Output)
                self->m_log->appendPlainText(event.text);
            else if (event.kind == release::StepEvent::Kind::Failed)
                self->m_log->appendPlainText(tr("✗ %1").arg(event.text));
            else if (event.kind == release::StepEvent::Kind::Finished)
                self->m_progress->setValue(self->m_progress->value() + 1);
        }, Qt::QueuedConnection);
    };
    QtConcurrent::run([plan = m_plan.plan, onEvent] { return release::runPlan(plan, onEvent); })
        .then(this, [self](const release::PlanOutcome &outcome) {
            if (self)
                self->finish(outcome);
        });
}

void CleanupDialog::reject()
{
    if (m_stage != Stage::Deleting)
        QDialog::reject();
}

void CleanupDialog::finish(const release::PlanOutcome &outcome)
{
    m_stage = Stage::Finished;
    m_close->setEnabled(true);
    m_progress->hide();
    const QString message = outcome.succeeded()
        ? tr("Deleted %1 tag(s) in %2 image(s).").arg(m_plan.remove.size()).arg(m_plan.plan.steps.size())
        : outcome.message;
    m_summary->setText(message);
    m_log->appendPlainText(outcome.succeeded() ? message : tr("✗ %1").arg(message));
    Q_EMIT finished(outcome.succeeded(), message);
}

} // namespace rd::ui
