// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"
#include "releaserequest.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QPointer>
#include <QWidget>
#include <atomic>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace rd::ui {

class DesktopNotifier;

// A plan running: its steps with a state icon and elapsed time each, the live output, the total
// time, Cancel (enabled only where the plan may stop), and the final state in one sentence. A
// failure is explained in one sentence; "Details" opens the output. The plan runs on a worker
// thread; its events arrive here queued, so the GUI thread never waits for a step.
class ExecutionView final : public QWidget
{
    Q_OBJECT
public:
    enum class StepState { Pending, Running, Succeeded, Failed, Undoing, Undone, UndoFailed, Skipped };
    Q_ENUM(StepState)

    explicit ExecutionView(QWidget *parent = nullptr);
    // Asks a running plan to stop at its next safe point and waits for the worker: a step
    // half-done must finish (or be undone) before the objects it reports to go away.
    ~ExecutionView() override;

    // Runs `plan` (once per view) with `runner` (default: release::runPlan), passing it the
    // typed `confirmation`. finished() when it ended, with its outcome.
    void run(const release::Plan &plan, const PlanRunner &runner = {}, const QString &confirmation = {});
    bool isRunning() const { return m_running; }
    // Asks the plan to stop at its next safe point (what ran is taken back).
    void cancel();

    StepState stepState(int step) const;
    const release::PlanOutcome &outcome() const { return m_outcome; }
    QLabel *resultLabel() const { return m_result; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *detailsButton() const { return m_details; }
    QPlainTextEdit *outputPane() const { return m_output; }
    QTreeWidget *stepList() const { return m_steps; }

    // Where the desktop notification goes when the plan has finished or failed (default:
    // DesktopNotifier::shared()); null: none.
    void setDesktopNotifier(DesktopNotifier *notifier);

    // One sentence for a person: what failed and the state things are in now.
    static QString explainFailure(const release::Plan &plan, const release::PlanOutcome &outcome);

Q_SIGNALS:
    // A step started, finished, failed or was undone (for the matrix's deployment state).
    void stepEvent(const rd::release::StepEvent &event);
    void finished(const rd::release::PlanOutcome &outcome);

private:
    void onEvent(const release::StepEvent &event);
    void onRecoveryEvent(const release::StepEvent &event);
    void onFinished(const release::PlanOutcome &outcome);
    void setStepState(int step, StepState state);
    void updateCancel();
    void tick();

    release::Plan m_plan;
    std::shared_ptr<std::atomic_bool> m_cancelFlag;
    QFuture<void> m_future;
    QList<StepState> m_states;
    QList<QElapsedTimer> m_stepTimers;
    QElapsedTimer m_total;
    release::PlanOutcome m_outcome;
    int m_current = -1;
    bool m_running = false;
    bool m_cancelAsked = false;

    QLabel *m_title;
    QTreeWidget *m_steps;
    QPlainTextEdit *m_output;
    QLabel *m_elapsed;
    QLabel *m_result;
    QPushButton *m_cancel;
    QPushButton *m_details;
    QTimer *m_ticker;
    QPointer<DesktopNotifier> m_notifier;
};

} // namespace rd::ui

Q_DECLARE_METATYPE(rd::release::StepEvent)
Q_DECLARE_METATYPE(rd::release::PlanOutcome)
