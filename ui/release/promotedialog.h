// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "changesummary.h"
#include "release/plan.h"

#include <QDialog>
#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace rd::ui {

// The confirmation before a promotion or rollback: from → to, the commits and files it brings
// (read on a worker thread), the plan's steps in words, policy warnings, and — for a protected
// environment — the environment's name typed out before the confirm button enables.
class PromoteDialog final : public QDialog
{
    Q_OBJECT
public:
    // `typedConfirmation`: the environment is protected; its name must be typed to confirm.
    PromoteDialog(const release::Plan &plan, bool typedConfirmation, QWidget *parent = nullptr);
    ~PromoteDialog() override;

    // The plan is refused only by a freeze window (`freeze`: policy's sentence, with the
    // window's reason): shows it and a "reason for overriding" field; the confirm button stays
    // disabled until a reason of at least MinOverrideReason characters is typed. On accept
    // the reason is written to `reason` (read by the runner and audited by the engine).
    void requireOverrideReason(const QString &freeze, std::shared_ptr<QString> reason);
    static constexpr int MinOverrideReason = 10;
    QLineEdit *overrideField() const { return m_override; }   // null unless frozen
    QLabel *freezeLabel() const { return m_freeze; }

    // Starts reading the changelog and diff summary; changesLoaded() when they are shown.
    void showChanges(const ChangeRequest &request);

    const release::Plan &plan() const { return m_plan; }
    QPushButton *confirmButton() const { return m_confirm; }
    QLineEdit *confirmationField() const { return m_typed; }   // null unless protected
    QTreeWidget *commitList() const { return m_commits; }
    QTreeWidget *fileList() const { return m_files; }
    QLabel *changesHeadline() const { return m_headline; }

Q_SIGNALS:
    void changesLoaded();

private:
    void showSummary(const ChangeSummary &summary);
    void updateConfirm();

    release::Plan m_plan;
    quint64 m_generation = 0;
    QLabel *m_headline;
    QTreeWidget *m_commits;
    QTreeWidget *m_files;
    QLabel *m_dropped;
    QLineEdit *m_typed = nullptr;
    QLineEdit *m_override = nullptr;
    QLabel *m_freeze = nullptr;
    std::shared_ptr<QString> m_reason;
    QPushButton *m_confirm;
};

} // namespace rd::ui
