// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostactions.h"

#include "hostactionwindow.h"
#include "hostprompts.h"
#include "ssh/hostpool.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

const std::optional<config::DeployStep> &configured(const config::Environment &environment, release::HostAction action)
{
    switch (action) {
    case release::HostAction::Restart: return environment.restart;
    case release::HostAction::Logs: return environment.logs;
    case release::HostAction::Status: break;
    }
    return environment.status;
}

} // namespace

HostActions::HostActions(QWidget *window)
    : QObject(window)
    , m_parent(window)
{
}

void HostActions::addActions(QMenu *menu, const config::Workspace *workspace, const QString &artifact,
                             const release::MatrixCell &cell, const QString &environmentName)
{
    const config::Environment *environment = workspace ? workspace->environment(environmentName) : nullptr;
    struct Entry
    {
        release::HostAction action;
        QString text;
        QString objectName;
    };
    const Entry entries[] = {
        {release::HostAction::Restart, tr("Restart…"), u"restartAction"_s},
        {release::HostAction::Logs, tr("Logs"), u"logsAction"_s},
        {release::HostAction::Status, tr("Status"), u"statusAction"_s},
    };
    for (const Entry &entry : entries) {
        QAction *action = menu->addAction(entry.text);
        action->setObjectName(entry.objectName);
        const QString key = release::toString(entry.action);
        if (!environment || !configured(*environment, entry.action)) {
            action->setEnabled(false);
            action->setToolTip(tr("The environment %1 has no %2 command: add environments.%1.%2 to the workspace file "
                                  "({ssh: {host: …, command: …}} or {local: {command: …}}).")
                                   .arg(environmentName, key));
            continue;
        }
        const release::CommandValues values{artifact, environmentName, cell.isDeployed() ? cell.version : QString(),
                                            cell.isDeployed() ? cell.digest : QString()};
        action->setToolTip(configured(*environment, entry.action)->command);
        connect(action, &QAction::triggered, this, [this, snapshot = *workspace, which = entry.action, values] {
            start(snapshot, which, values);
        });
    }
}

HostActionWindow *HostActions::start(const config::Workspace &workspace, release::HostAction action,
                                     const release::CommandValues &values)
{
    // Planning only validates and quotes values and names the host; nothing connects yet.
    const std::shared_ptr<ssh::HostPool> pool = interactiveHostPool(workspace);
    Result<release::Plan> plan = release::hostActionPlan(workspace, *pool, action, values);
    if (!plan) {
        Q_EMIT refused(plan.error().message);
        return nullptr;
    }
    if (action == release::HostAction::Restart) {
        confirmRestart(workspace, *plan);
        return nullptr;
    }
    return open(workspace, *plan);
}

HostActionWindow *HostActions::open(const config::Workspace &workspace, const release::Plan &plan)
{
    auto *window = new HostActionWindow(m_parent);
    m_window = window;
    if (plan.action == release::toString(release::HostAction::Restart)) {
        connect(window, &HostActionWindow::finished, this, [this](const release::PlanOutcome &outcome) {
            Q_EMIT restartFinished(outcome.succeeded());
        });
    }
    // The CLI's way of running it: a restart is audited.
    window->run(plan, [workspace](const release::Plan &p, const std::function<void(const release::StepEvent &)> &onEvent,
                                  const std::atomic_bool *cancel) { return release::runHostActionPlan(workspace, p, onEvent, cancel); });
    window->show();
    Q_EMIT windowOpened(window);
    return window;
}

void HostActions::confirmRestart(const config::Workspace &workspace, const release::Plan &plan)
{
    const config::Environment *environment = workspace.environment(plan.environment);
    const bool isProtected = environment && environment->isProtected;
    auto *dialog = new QDialog(m_parent);
    dialog->setObjectName(u"restartConfirmDialog"_s);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(plan.summary());
    auto *layout = new QVBoxLayout(dialog);
    QStringList lines;
    for (const QString &warning : plan.warnings)
        lines.append(u"⚠ "_s + warning);
    for (const auto &step : plan.steps)
        lines.append(step->description());
    auto *text = new QLabel(lines.join(u'\n'), dialog);
    text->setTextFormat(Qt::PlainText);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton *restart = buttons->addButton(tr("Restart"), QDialogButtonBox::AcceptRole);
    restart->setObjectName(u"restartConfirmButton"_s);
    if (isProtected) {
        auto *prompt = new QLabel(tr("%1 is protected. Type its name to restart:").arg(plan.environment), dialog);
        prompt->setTextFormat(Qt::PlainText);
        layout->addWidget(prompt);
        auto *typed = new QLineEdit(dialog);
        typed->setObjectName(u"restartConfirmation"_s);
        typed->setPlaceholderText(plan.environment);
        layout->addWidget(typed);
        restart->setEnabled(false);
        connect(typed, &QLineEdit::textChanged, restart, [restart, expected = plan.environment](const QString &value) {
            restart->setEnabled(value == expected);
        });
    }
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, workspace, plan] { open(workspace, plan); });
    m_confirmation = dialog;
    dialog->open();
}

} // namespace rd::ui
