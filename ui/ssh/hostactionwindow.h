// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"

#include <QElapsedTimer>
#include <QWidget>
#include <atomic>
#include <functional>
#include <memory>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace rd::ui {

// A restart, logs or status command running on its host, in a window of its own: the command
// in words, its output lines as they arrive (only the newest MaxLines are kept, so a command
// printing gigabytes cannot exhaust memory), the result with the exit status, the elapsed
// time, Cancel while it runs, Copy for the output. The plan runs on a worker thread; output
// reaches this window in batches through the GUI thread's queue, and the window never waits
// for the worker: closing it while a command runs cancels the command and lets the worker end
// on its own.
class HostActionWindow final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int MaxLines = 5000;

    // Runs the plan: by default release::runPlan; a restart passes one that audits it too.
    using Runner = std::function<release::PlanOutcome(const release::Plan &plan,
                                                      const std::function<void(const release::StepEvent &)> &onEvent,
                                                      const std::atomic_bool *cancel)>;

    explicit HostActionWindow(QWidget *parent = nullptr);
    ~HostActionWindow() override;

    // Starts `plan` (once per window).
    void run(const release::Plan &plan, Runner runner = {});
    bool isRunning() const { return m_running; }
    void cancel();

    const release::PlanOutcome &outcome() const { return m_outcome; }
    QPlainTextEdit *outputPane() const { return m_output; }
    QLabel *resultLabel() const { return m_result; }
    QLabel *elapsedLabel() const { return m_elapsed; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *copyButton() const { return m_copy; }
    // Every line received so far, including those no longer shown.
    qint64 linesReceived() const { return m_received; }

Q_SIGNALS:
    void finished(const rd::release::PlanOutcome &outcome);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    struct Feed;   // output crossing from the worker, bounded
    void drain();
    void onFinished(const release::PlanOutcome &outcome);
    void tick();

    std::shared_ptr<Feed> m_feed;
    std::shared_ptr<std::atomic_bool> m_cancelFlag;
    QElapsedTimer m_clock;
    release::PlanOutcome m_outcome;
    bool m_running = false;
    qint64 m_received = 0;

    QLabel *m_title;
    QLabel *m_command;
    QPlainTextEdit *m_output;
    QLabel *m_elapsed;
    QLabel *m_result;
    QPushButton *m_cancel;
    QPushButton *m_copy;
    QPushButton *m_close;
    QTimer *m_ticker;
};

} // namespace rd::ui
