// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostactionwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <mutex>

using namespace Qt::StringLiterals;

namespace rd::ui {

// Lines the worker produced and the window has not shown yet. At most MaxLines wait here; older
// ones are counted and dropped (the window would drop them anyway). One drain is queued at a time,
// so a flood of output is one queued call per batch, not one per line.
struct HostActionWindow::Feed
{
    std::mutex mutex;
    QStringList lines;
    qint64 dropped = 0;
    bool drainQueued = false;
};

namespace {

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', ms < 10'000 ? 1 : 0);
}

} // namespace

HostActionWindow::HostActionWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_feed(std::make_shared<Feed>())
    , m_cancelFlag(std::make_shared<std::atomic_bool>(false))
    , m_title(new QLabel(this))
    , m_command(new QLabel(this))
    , m_output(new QPlainTextEdit(this))
    , m_elapsed(new QLabel(this))
    , m_result(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
    , m_copy(new QPushButton(tr("Copy"), this))
    , m_close(new QPushButton(tr("Close"), this))
    , m_ticker(new QTimer(this))
{
    setObjectName(u"hostActionWindow"_s);
    setAttribute(Qt::WA_DeleteOnClose);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_title->setFont(bold);
    m_title->setTextFormat(Qt::PlainText);
    m_command->setObjectName(u"hostActionCommand"_s);
    m_command->setTextFormat(Qt::PlainText);
    m_command->setWordWrap(true);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_output->setObjectName(u"hostActionOutput"_s);
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(MaxLines);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setPlaceholderText(tr("No output yet."));
    m_elapsed->setObjectName(u"hostActionElapsed"_s);
    m_result->setObjectName(u"hostActionResult"_s);
    m_result->setTextFormat(Qt::PlainText);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel->setObjectName(u"hostActionCancel"_s);
    m_cancel->setEnabled(false);
    m_copy->setObjectName(u"hostActionCopy"_s);
    m_copy->setToolTip(tr("Copy the output shown to the clipboard"));
    m_close->setObjectName(u"hostActionClose"_s);

    connect(m_cancel, &QPushButton::clicked, this, &HostActionWindow::cancel);
    connect(m_copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_output->toPlainText());
    });
    connect(m_close, &QPushButton::clicked, this, &QWidget::close);
    m_ticker->setInterval(200);
    connect(m_ticker, &QTimer::timeout, this, &HostActionWindow::tick);

    auto *status = new QHBoxLayout;
    status->addWidget(m_result, 1);
    status->addWidget(m_elapsed);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_command);
    layout->addWidget(m_output, 1);
    layout->addLayout(status);
    layout->addLayout(buttons);
    resize(820, 520);
}

HostActionWindow::~HostActionWindow()
{
    // The worker owns what it uses (plan, feed, flag) and reports through a guarded pointer:
    // nothing to wait for here, only a command to stop.
    m_cancelFlag->store(true);
}

void HostActionWindow::run(const release::Plan &plan, Runner runner)
{
    if (m_running || m_clock.isValid())
        return;
    if (!runner) {
        runner = [](const release::Plan &p, const std::function<void(const release::StepEvent &)> &onEvent,
                    const std::atomic_bool *cancel) { return release::runPlan(p, onEvent, cancel); };
    }
    const QString summary = plan.summary();
    setWindowTitle(summary);
    m_title->setText(summary);
    QStringList described;
    for (const QString &warning : plan.warnings)
        described.append(u"⚠ "_s + warning);
    for (const auto &step : plan.steps)
        described.append(step->description());
    m_command->setText(described.join(u'\n'));
    m_result->setText(tr("Running…"));
    m_running = true;
    m_cancel->setEnabled(true);
    m_clock.start();
    m_ticker->start();
    tick();

    const QPointer<HostActionWindow> self(this);
    (void)QtConcurrent::run([self, plan, runner = std::move(runner), feed = m_feed, cancel = m_cancelFlag] {
        const auto onEvent = [&](const release::StepEvent &event) {
            QString line;
            if (event.kind == release::StepEvent::Kind::Output)
                line = event.text;
            else if (event.kind == release::StepEvent::Kind::Failed)
                line = u"✗ "_s + event.text;
            else
                return;
            std::lock_guard lock(feed->mutex);
            feed->lines.append(line);
            if (feed->lines.size() > MaxLines) {
                feed->lines.removeFirst();
                ++feed->dropped;
            }
            if (!feed->drainQueued) {
                feed->drainQueued = true;
                QMetaObject::invokeMethod(qApp, [self] {
                    if (self)
                        self->drain();
                }, Qt::QueuedConnection);
            }
        };
        const release::PlanOutcome outcome = runner(plan, onEvent, cancel.get());
        QMetaObject::invokeMethod(qApp, [self, outcome] {
            if (self)
                self->onFinished(outcome);
        }, Qt::QueuedConnection);
    });
}

void HostActionWindow::drain()
{
    QStringList lines;
    qint64 dropped = 0;
    {
        std::lock_guard lock(m_feed->mutex);
        lines.swap(m_feed->lines);
        std::swap(dropped, m_feed->dropped);
        m_feed->drainQueued = false;
    }
    m_received += lines.size() + dropped;
    if (dropped > 0)
        m_output->appendPlainText(tr("… %n earlier line(s) not shown", nullptr, int(std::min<qint64>(dropped, INT_MAX))));
    if (!lines.isEmpty())
        m_output->appendPlainText(lines.join(u'\n'));
}

void HostActionWindow::cancel()
{
    if (!m_running)
        return;
    m_cancelFlag->store(true);
    m_cancel->setEnabled(false);
    m_result->setText(tr("Cancelling…"));
}

void HostActionWindow::onFinished(const release::PlanOutcome &outcome)
{
    drain();
    m_outcome = outcome;
    m_running = false;
    m_ticker->stop();
    tick();
    m_cancel->setEnabled(false);
    const QString took = seconds(m_clock.elapsed());
    switch (outcome.result) {
    case release::PlanOutcome::Result::Succeeded:
        m_result->setText(tr("✓ Exit status 0: succeeded in %1 s.").arg(took));
        break;
    case release::PlanOutcome::Result::Cancelled:
        m_result->setText(tr("Cancelled after %1 s. %2").arg(took, outcome.message));
        break;
    case release::PlanOutcome::Result::Failed:
    case release::PlanOutcome::Result::UndoFailed:
        m_result->setText(tr("✗ Failed after %1 s: %2").arg(took, outcome.message));
        break;
    }
    Q_EMIT finished(outcome);
}

void HostActionWindow::tick()
{
    m_elapsed->setText(tr("Elapsed: %1 s").arg(seconds(m_clock.isValid() ? m_clock.elapsed() : 0)));
}

void HostActionWindow::closeEvent(QCloseEvent *event)
{
    cancel();   // a command nobody watches any more has no reason to go on
    event->accept();
}

} // namespace rd::ui
