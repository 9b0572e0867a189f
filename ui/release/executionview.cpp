// SPDX-License-Identifier: GPL-3.0-or-later
#include "executionview.h"

#include "desktopnotifier.h"
#include "notify/notificationsender.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QHash>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

enum Column { StateColumn, DescriptionColumn, ElapsedColumn };

// The output pane keeps this many lines; the audit log keeps the full record.
constexpr int MaxOutputLines = 5000;

QColor stateColor(ExecutionView::StepState state)
{
    switch (state) {
    case ExecutionView::StepState::Pending: return QColor(0x9e, 0x9e, 0x9e);
    case ExecutionView::StepState::Running: return QColor(0x15, 0x65, 0xc0);
    case ExecutionView::StepState::Succeeded: return QColor(0x2e, 0x7d, 0x32);
    case ExecutionView::StepState::Failed: return QColor(0xc6, 0x28, 0x28);
    case ExecutionView::StepState::Undoing: return QColor(0xc2, 0x7c, 0x00);
    case ExecutionView::StepState::Undone: return QColor(0xc2, 0x7c, 0x00);
    case ExecutionView::StepState::UndoFailed: return QColor(0x8e, 0x00, 0x00);
    case ExecutionView::StepState::Skipped: return QColor(0x9e, 0x9e, 0x9e);
    }
    return Qt::gray;
}

QString stateGlyph(ExecutionView::StepState state)
{
    switch (state) {
    case ExecutionView::StepState::Pending: return u"·"_s;
    case ExecutionView::StepState::Running: return u"▶"_s;
    case ExecutionView::StepState::Succeeded: return u"✓"_s;
    case ExecutionView::StepState::Failed: return u"✕"_s;
    case ExecutionView::StepState::Undoing: return u"↶"_s;
    case ExecutionView::StepState::Undone: return u"↶"_s;
    case ExecutionView::StepState::UndoFailed: return u"!"_s;
    case ExecutionView::StepState::Skipped: return u"–"_s;
    }
    return {};
}

QString stateName(ExecutionView::StepState state)
{
    switch (state) {
    case ExecutionView::StepState::Pending: return QCoreApplication::translate("ExecutionView", "waiting");
    case ExecutionView::StepState::Running: return QCoreApplication::translate("ExecutionView", "running");
    case ExecutionView::StepState::Succeeded: return QCoreApplication::translate("ExecutionView", "done");
    case ExecutionView::StepState::Failed: return QCoreApplication::translate("ExecutionView", "failed");
    case ExecutionView::StepState::Undoing: return QCoreApplication::translate("ExecutionView", "taking back");
    case ExecutionView::StepState::Undone: return QCoreApplication::translate("ExecutionView", "taken back");
    case ExecutionView::StepState::UndoFailed: return QCoreApplication::translate("ExecutionView", "could not be taken back");
    case ExecutionView::StepState::Skipped: return QCoreApplication::translate("ExecutionView", "not run");
    }
    return {};
}

// A filled circle with a glyph: readable at a glance, in any style and palette.
QIcon stateIcon(ExecutionView::StepState state)
{
    static QHash<int, QIcon> cache;
    if (auto it = cache.constFind(int(state)); it != cache.cend())
        return *it;
    QPixmap pixmap(32, 32);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(stateColor(state));
    painter.drawEllipse(QRectF(2, 2, 28, 28));
    QFont font = painter.font();
    font.setPixelSize(20);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.drawText(QRect(0, 0, 32, 32), Qt::AlignCenter, stateGlyph(state));
    painter.end();
    return cache.insert(int(state), QIcon(pixmap)).value();
}

QString elapsedText(qint64 ms)
{
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    if (ms < 60'000)
        return u"%1 s"_s.arg(double(ms) / 1000.0, 0, 'f', 1);
    return u"%1 min %2 s"_s.arg(ms / 60'000).arg((ms / 1000) % 60);
}

} // namespace

ExecutionView::ExecutionView(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_steps(new QTreeWidget(this))
    , m_output(new QPlainTextEdit(this))
    , m_elapsed(new QLabel(this))
    , m_result(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_details(new QPushButton(tr("Details"), this))
    , m_ticker(new QTimer(this))
    , m_notifier(DesktopNotifier::shared())
{
    qRegisterMetaType<release::StepEvent>();
    qRegisterMetaType<release::PlanOutcome>();
    setObjectName(u"executionView"_s);

    QFont big = m_title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_title->setFont(big);
    m_title->setWordWrap(true);

    m_steps->setObjectName(u"executionSteps"_s);
    m_steps->setColumnCount(3);
    m_steps->setHeaderLabels({tr("State"), tr("Step"), tr("Time")});
    m_steps->setRootIsDecorated(false);
    m_steps->setIconSize(QSize(16, 16));
    m_steps->header()->setStretchLastSection(false);
    m_steps->header()->setSectionResizeMode(StateColumn, QHeaderView::ResizeToContents);
    m_steps->header()->setSectionResizeMode(DescriptionColumn, QHeaderView::Stretch);
    m_steps->header()->setSectionResizeMode(ElapsedColumn, QHeaderView::ResizeToContents);
    m_steps->setWordWrap(true);
    m_steps->setSelectionMode(QAbstractItemView::NoSelection);

    m_output->setObjectName(u"executionOutput"_s);
    m_output->setReadOnly(true);
    m_output->setMaximumBlockCount(MaxOutputLines);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("The steps' output appears here as it is printed."));

    m_elapsed->setObjectName(u"executionElapsed"_s);
    m_result->setObjectName(u"executionResult"_s);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_result->hide();
    m_cancel->setObjectName(u"executionCancel"_s);
    m_details->setObjectName(u"executionDetails"_s);
    m_details->setCheckable(true);
    m_details->hide();
    connect(m_cancel, &QPushButton::clicked, this, &ExecutionView::cancel);
    connect(m_details, &QPushButton::toggled, this, [this](bool on) {
        m_output->setVisible(on);
        m_details->setText(on ? tr("Hide Details") : tr("Details"));
    });
    m_ticker->setInterval(250);
    connect(m_ticker, &QTimer::timeout, this, &ExecutionView::tick);

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_elapsed);
    bottom->addStretch(1);
    bottom->addWidget(m_details);
    bottom->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_steps, 2);
    layout->addWidget(m_result);
    layout->addWidget(m_output, 3);
    layout->addLayout(bottom);
}

ExecutionView::~ExecutionView()
{
    if (m_cancelFlag)
        m_cancelFlag->store(true);
    // The worker posts to this object: it must be done before this object is gone.
    m_future.waitForFinished();
}

void ExecutionView::run(const release::Plan &plan, const PlanRunner &runner, const QString &confirmation)
{
    Q_ASSERT(!m_running && m_states.isEmpty());
    m_plan = plan;
    m_title->setText(plan.summary());
    m_states = QList<StepState>(plan.steps.size(), StepState::Pending);
    m_stepTimers.resize(plan.steps.size());
    m_steps->clear();
    for (int i = 0; i < plan.steps.size(); ++i) {
        auto *item = new QTreeWidgetItem(m_steps, {QString(), u"%1. %2"_s.arg(i + 1).arg(plan.steps[i]->description()), QString()});
        item->setTextAlignment(ElapsedColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setToolTip(DescriptionColumn, plan.steps[i]->description()); // long ones are elided
        setStepState(i, StepState::Pending);
    }
    m_cancelFlag = std::make_shared<std::atomic_bool>(false);
    m_running = true;
    m_total.start();
    m_ticker->start();
    tick();
    updateCancel();

    // The plan and the flag are copied into the job: it owns what it uses.
    m_future = QtConcurrent::run([this, plan, runner, confirmation, cancelFlag = m_cancelFlag] {
        const PlanEventHandler post = [this](const release::StepEvent &event, bool mainPlan) {
            QMetaObject::invokeMethod(
                this, [this, event, mainPlan] { mainPlan ? onEvent(event) : onRecoveryEvent(event); }, Qt::QueuedConnection);
        };
        const release::PlanOutcome outcome = runner
            ? runner(confirmation, post, cancelFlag.get())
            : release::runPlan(plan, [&post](const release::StepEvent &event) { post(event, true); }, cancelFlag.get());
        QMetaObject::invokeMethod(this, [this, outcome] { onFinished(outcome); }, Qt::QueuedConnection);
    });
}

void ExecutionView::cancel()
{
    if (!m_running || !m_cancelFlag)
        return;
    m_cancelFlag->store(true);
    m_cancelAsked = true;
    m_cancel->setEnabled(false);
    m_cancel->setText(tr("Cancelling…"));
    m_cancel->setToolTip(tr("The plan stops before its next step that may be skipped, and takes back what ran."));
}

ExecutionView::StepState ExecutionView::stepState(int step) const
{
    return m_states.value(step, StepState::Pending);
}

void ExecutionView::setStepState(int step, StepState state)
{
    if (step < 0 || step >= m_states.size())
        return;
    m_states[step] = state;
    QTreeWidgetItem *item = m_steps->topLevelItem(step);
    item->setIcon(StateColumn, stateIcon(state));
    item->setText(StateColumn, stateName(state));
    item->setForeground(StateColumn, stateColor(state));
    QFont font = m_steps->font();
    font.setBold(state == StepState::Running || state == StepState::Undoing || state == StepState::Failed);
    item->setFont(DescriptionColumn, font);
}

void ExecutionView::onEvent(const release::StepEvent &event)
{
    using Kind = release::StepEvent::Kind;
    const int step = event.step;
    if (step < 0 || step >= m_states.size())
        return;
    switch (event.kind) {
    case Kind::Started:
        m_current = step;
        m_stepTimers[step].start();
        setStepState(step, StepState::Running);
        m_steps->scrollToItem(m_steps->topLevelItem(step));
        m_output->appendPlainText(u"── %1. %2"_s.arg(step + 1).arg(m_plan.steps[step]->description()));
        break;
    case Kind::Output:
        m_output->appendPlainText(u"%1│ %2"_s.arg(step + 1).arg(event.text));
        break;
    case Kind::Finished:
        setStepState(step, StepState::Succeeded);
        break;
    case Kind::Failed:
        setStepState(step, StepState::Failed);
        m_output->appendPlainText(u"%1│ ✕ %2"_s.arg(step + 1).arg(event.text));
        break;
    case Kind::UndoStarted:
        m_current = step;
        m_stepTimers[step].start();
        setStepState(step, StepState::Undoing);
        m_output->appendPlainText(u"── %1. %2 %3"_s.arg(step + 1).arg(tr("taking back:"), event.text));
        break;
    case Kind::Undone:
        setStepState(step, StepState::Undone);
        break;
    case Kind::UndoFailed:
        setStepState(step, StepState::UndoFailed);
        m_output->appendPlainText(u"%1│ ✕ %2"_s.arg(step + 1).arg(event.text));
        break;
    case Kind::Skipped:
        setStepState(step, StepState::Skipped);
        break;
    }
    updateCancel();
    tick();
    Q_EMIT stepEvent(event);
}

void ExecutionView::onRecoveryEvent(const release::StepEvent &event)
{
    // After a failed undo the engine may roll back to an older version with a plan of its own:
    // its progress shows in the output, the step list stays the one the person confirmed.
    using Kind = release::StepEvent::Kind;
    if (event.kind == Kind::Started)
        m_output->appendPlainText(u"── %1 %2"_s.arg(tr("recovery:"), event.text));
    else if (event.kind == Kind::Output || event.kind == Kind::Failed || event.kind == Kind::UndoFailed)
        m_output->appendPlainText(u"↺│ %1"_s.arg(event.text));
}

void ExecutionView::updateCancel()
{
    if (!m_running || m_cancelAsked)
        return;
    // runPlan checks the flag before a step that is a safe cancel point; steps that must
    // follow the current one (a push after a local move) make Cancel meaningless until done.
    const int next = m_current + 1;
    const bool safe = next < m_plan.steps.size() && m_plan.steps[next]->isSafeCancelPoint();
    m_cancel->setEnabled(safe);
    m_cancel->setToolTip(safe ? tr("Stop before the next step and take back what ran.")
                              : next >= m_plan.steps.size() ? tr("The last step is running; it cannot be stopped halfway.")
                                                             : tr("Step %1 must follow this one; the plan cannot stop here.").arg(next + 1));
}

void ExecutionView::tick()
{
    if (m_running) {
        m_elapsed->setText(tr("Elapsed: %1").arg(elapsedText(m_total.elapsed())));
        if (m_current >= 0 && m_current < m_states.size()
            && (m_states[m_current] == StepState::Running || m_states[m_current] == StepState::Undoing))
            m_steps->topLevelItem(m_current)->setText(ElapsedColumn, elapsedText(m_stepTimers[m_current].elapsed()));
    }
}

QString ExecutionView::explainFailure(const release::Plan &plan, const release::PlanOutcome &outcome)
{
    // runPlan's message already says what failed and what state things are in, in one sentence.
    if (!outcome.message.isEmpty())
        return outcome.message;
    if (outcome.failedStep >= 0 && outcome.failedStep < plan.steps.size())
        return tr("Step %1 (%2) failed: %3").arg(outcome.failedStep + 1)
            .arg(plan.steps[outcome.failedStep]->description(), outcome.steps.value(outcome.failedStep).error);
    return tr("%1 did not finish.").arg(plan.summary());
}

void ExecutionView::onFinished(const release::PlanOutcome &outcome)
{
    m_running = false;
    m_ticker->stop();
    m_outcome = outcome;
    // The worker's own times are the exact ones; they replace the ticking estimates.
    for (int i = 0; i < outcome.steps.size() && i < m_states.size(); ++i) {
        const release::StepRecord &record = outcome.steps[i];
        if (record.outcome != release::StepRecord::Outcome::NotRun)
            m_steps->topLevelItem(i)->setText(ElapsedColumn, elapsedText(record.elapsed.count()));
        if (record.outcome == release::StepRecord::Outcome::NotRun && m_states[i] == StepState::Pending)
            setStepState(i, StepState::Skipped);
    }
    m_elapsed->setText(tr("Total: %1").arg(elapsedText(outcome.elapsed.count())));
    m_cancel->setEnabled(false);
    m_cancel->hide();

    QString color;
    QString text;
    switch (outcome.result) {
    case release::PlanOutcome::Result::Succeeded:
        color = u"#2e7d32"_s;
        text = u"✓ "_s + outcome.message;
        break;
    case release::PlanOutcome::Result::Cancelled:
        color = u"#c27c00"_s;
        text = u"■ "_s + outcome.message;
        break;
    case release::PlanOutcome::Result::Failed:
    case release::PlanOutcome::Result::UndoFailed:
        color = u"#c62828"_s;
        text = u"✕ "_s + explainFailure(m_plan, outcome);
        break;
    }
    m_result->setText(text);
    m_result->setStyleSheet(u"QLabel { color: %1; font-weight: bold; padding: 6px 0; }"_s.arg(color));
    m_result->show();
    if (!outcome.succeeded()) {
        // The sentence first; the output one click away, scrolled to where it went wrong.
        m_output->hide();
        m_details->setChecked(false);
        m_details->show();
        m_output->moveCursor(QTextCursor::End);
    }
    if (m_notifier) {
        // The person may be in another window while a deploy runs: tell them it ended.
        const QString summary = outcome.succeeded() ? tr("%1: done").arg(m_plan.summary())
            : outcome.result == release::PlanOutcome::Result::Cancelled ? tr("%1: cancelled").arg(m_plan.summary())
                                                                         : tr("%1: FAILED").arg(m_plan.summary());
        const QString body = outcome.succeeded() ? outcome.message : explainFailure(m_plan, outcome);
        m_notifier->notify(summary, notify::withoutLinks(body), !outcome.succeeded());
    }
    Q_EMIT finished(outcome);
}

void ExecutionView::setDesktopNotifier(DesktopNotifier *notifier)
{
    m_notifier = notifier;
}

} // namespace rd::ui
