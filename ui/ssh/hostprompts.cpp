// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostprompts.h"

#include "hostkeydialog.h"
#include "release/hostaction.h"
#include "ssh/sharedhosts.h"
#include "ssh/sshhostsettings.h"

#include <QApplication>
#include <QEventLoop>
#include <QHash>
#include <QInputDialog>
#include <QLineEdit>
#include <QPointer>
#include <QSet>
#include <QThread>
#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

// Set once the application is about to quit: nobody will answer any more.
std::atomic_bool quitting{false};
std::atomic<std::chrono::milliseconds::rep> pickupTimeoutMs{20'000};

// Notes (from the GUI thread) when the application is about to quit, so that workers stop
// waiting for answers; open dialogs reject themselves then (showQuestion).
void watchForQuit()
{
    static std::once_flag connected;
    std::call_once(connected, [] {
        QObject::connect(qApp, &QCoreApplication::aboutToQuit, qApp, [] { quitting = true; });
    });
}

// One question crossing from a worker to the GUI thread and its answer coming back.
template<typename Answer>
struct Exchange
{
    std::mutex mutex;
    std::condition_variable changed;
    bool pickedUp = false;
    bool abandoned = false;     // the worker stopped waiting: the GUI must not show it any more
    bool answered = false;
    std::optional<Answer> answer;

    void reply(std::optional<Answer> value)
    {
        std::lock_guard lock(mutex);
        if (answered)
            return;
        answer = std::move(value);
        answered = true;
        changed.notify_all();
    }
};

// Opens `dialog` (made on the GUI thread by `make`) and calls `reply` exactly once: with
// `read(dialog)` when accepted, with `rejected` when the person cancels or closes it, with
// nothing when it is destroyed unanswered.
template<typename Answer, typename Make, typename Read>
void showQuestion(const std::shared_ptr<Exchange<Answer>> &exchange, Make make, Read read, std::optional<Answer> rejected)
{
    watchForQuit();
    QDialog *dialog = make(QApplication::activeWindow());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(true);
    QObject::connect(dialog, &QDialog::finished, dialog, [exchange, dialog, read, rejected](int result) {
        exchange->reply(result == QDialog::Accepted ? std::optional<Answer>(read(dialog)) : rejected);
    });
    QObject::connect(dialog, &QObject::destroyed, qApp, [exchange] { exchange->reply(std::nullopt); });
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, dialog, &QDialog::reject);
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

// Asks on the GUI thread and waits for the answer: `rejected` when the person said no,
// nothing when nobody could be asked (the GUI thread was blocked, the application quits). See
// hostprompts.h for why this is not a BlockingQueuedConnection.
template<typename Answer, typename Make, typename Read>
std::optional<Answer> ask(Make make, Read read, std::optional<Answer> rejected)
{
    auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
    if (!app || quitting)
        return std::nullopt;
    auto exchange = std::make_shared<Exchange<Answer>>();
    if (QThread::isMainThread()) {
        // Someone ran a command on the GUI thread: wait in a local loop instead of a deadlock.
        QEventLoop loop;
        showQuestion<Answer>(exchange, make, read, rejected);
        QObject::connect(app, &QCoreApplication::aboutToQuit, &loop, &QEventLoop::quit);
        while (true) {
            {
                std::lock_guard lock(exchange->mutex);
                if (exchange->answered)
                    break;
            }
            loop.processEvents(QEventLoop::WaitForMoreEvents);
            if (quitting)
                break;
        }
        std::lock_guard lock(exchange->mutex);
        return exchange->answer;
    }
    QMetaObject::invokeMethod(app, [exchange, make, read, rejected] {
        {
            std::lock_guard lock(exchange->mutex);
            if (exchange->abandoned)
                return;
            exchange->pickedUp = true;
            exchange->changed.notify_all();
        }
        showQuestion<Answer>(exchange, make, read, rejected);
    }, Qt::QueuedConnection);

    // Until the GUI thread takes the question up, at most questionPickupTimeout: if it does
    // not, it is blocked (perhaps waiting for this very worker) and the answer is "no". Once the
    // dialog is up the person may take their time; quitting answers it.
    const auto giveUpAt = std::chrono::steady_clock::now() + questionPickupTimeout();
    std::unique_lock lock(exchange->mutex);
    while (!exchange->changed.wait_for(lock, std::chrono::milliseconds(200), [&] { return exchange->answered; })) {
        if (quitting || QCoreApplication::closingDown() || (!exchange->pickedUp && std::chrono::steady_clock::now() > giveUpAt)) {
            exchange->abandoned = true;
            return std::nullopt;
        }
    }
    return std::move(exchange->answer);
}

// The address, port and known_hosts file the host key question names, resolved exactly as
// the connection resolved them (workspace, then ~/.ssh/config).
HostKeyDialog::Question describeHost(const config::Workspace &workspace, const QString &name)
{
    HostKeyDialog::Question question;
    question.host = name;
    if (const config::Host *host = workspace.host(name)) {
        if (auto settings = ssh::SshHostSettings::fromWorkspace(workspace, *host)) {
            question.address = settings->address;
            question.port = settings->port;
            question.recordFile = settings->recordKnownHostsFile;
        }
    }
    return question;
}

} // namespace

std::chrono::milliseconds questionPickupTimeout()
{
    return std::chrono::milliseconds(pickupTimeoutMs.load());
}

void setQuestionPickupTimeout(std::chrono::milliseconds timeout)
{
    pickupTimeoutMs = timeout.count();
}

ssh::UnknownHostKeyHandler hostKeyQuestion(const config::Workspace &workspace, Asking asking)
{
    ssh::UnknownHostKeyHandler handler;
    handler.ask = [workspace, asking](const QString &host, const QString &keyType, const QString &fingerprint) {
        HostKeyDialog::Question question = describeHost(workspace, host);
        question.keyType = keyType;
        question.fingerprint = fingerprint;
        // Two connections to the same server at once (the backups poller and an action, say)
        // get one dialog: the second waits for the first one's answer.
        static std::mutex inFlightMutex;
        static QHash<QString, std::shared_future<bool>> inFlight;
        static QSet<QString> declined; // keys the person said "no" to in this run
        const QString id = u"%1:%2 %3"_s.arg(question.address).arg(question.port).arg(fingerprint);
        std::promise<bool> mine;
        std::optional<std::shared_future<bool>> theirs;
        bool registered = false;
        {
            std::lock_guard lock(inFlightMutex);
            if (asking == Asking::OncePerRun && declined.contains(id))
                return false;
            // The GUI thread never waits for a worker's question (that worker needs the GUI
            // thread to show it); it asks on its own.
            if (auto found = inFlight.constFind(id); found != inFlight.constEnd() && !QThread::isMainThread())
                theirs = *found;
            else if (found == inFlight.constEnd()) {
                inFlight.insert(id, mine.get_future().share());
                registered = true;
            }
        }
        if (theirs)
            return theirs->get();   // the first asker always answers: its ask() has timeouts
        const std::optional<bool> trusted = ask<bool>(
            [question](QWidget *parent) -> QDialog * { return new HostKeyDialog(question, parent); },
            [](QDialog *) { return true; }, false);
        if (registered) {
            {
                std::lock_guard lock(inFlightMutex);
                inFlight.remove(id);
                // Only the person's own answer counts; nobody answering (a blocked GUI
                // thread, quitting) leaves it to be asked next time.
                if (trusted == true)
                    declined.remove(id);
                else if (trusted == false)
                    declined.insert(id);
            }
            mine.set_value(trusted.value_or(false));
        }
        return trusted.value_or(false);
    };
    return handler;
}

ssh::PassphrasePrompt passphraseQuestion(Asking asking)
{
    ssh::PassphrasePrompt prompt;
    prompt.ask = [asking](const QString &host, const QString &keyFile) -> std::optional<QString> {
        // Key files whose passphrase the person would not give in this run.
        static std::mutex cancelledMutex;
        static QSet<QString> cancelled;
        if (asking == Asking::OncePerRun) {
            std::lock_guard lock(cancelledMutex);
            if (cancelled.contains(keyFile))
                return std::nullopt;
        }
        // The answer is the passphrase, or an empty optional for Cancel.
        const std::optional<std::optional<QString>> answer = ask<std::optional<QString>>(
            [host, keyFile](QWidget *parent) -> QDialog * {
                auto *dialog = new QInputDialog(parent);
                dialog->setObjectName(u"passphraseDialog"_s);
                dialog->setWindowTitle(QCoreApplication::translate("rd::ui::HostPrompts", "Key Passphrase"));
                dialog->setLabelText(QCoreApplication::translate("rd::ui::HostPrompts",
                                                                 "Passphrase of the key file %1 (to log in to %2):")
                                         .arg(keyFile, host));
                dialog->setInputMode(QInputDialog::TextInput);
                dialog->setTextEchoMode(QLineEdit::Password);
                if (auto *field = dialog->findChild<QLineEdit *>())
                    field->setObjectName(u"passphraseField"_s);
                // Cancelled: the text must not wait in the field until the dialog is deleted.
                QObject::connect(dialog, &QDialog::rejected, dialog, [dialog] { dialog->setTextValue(QString()); });
                return dialog;
            },
            [](QDialog *dialog) {
                auto *input = static_cast<QInputDialog *>(dialog);
                QString passphrase = input->textValue();
                // The dialog is deleted later; its field must not keep the text until then.
                input->setTextValue(QString());
                return std::optional<QString>(std::move(passphrase));
            },
            std::optional<QString>());
        if (!answer)
            return std::nullopt;
        std::lock_guard lock(cancelledMutex);
        if (!*answer)
            cancelled.insert(keyFile);
        else
            cancelled.remove(keyFile);
        return *answer;
    };
    return prompt;
}

std::shared_ptr<ssh::HostPool> interactiveHostPool(const config::Workspace &workspace, Asking asking)
{
    auto pool = std::make_shared<ssh::HostPool>(workspace, hostKeyQuestion(workspace, asking));
    pool->setPassphrasePrompt(passphraseQuestion(asking));
    return pool;
}

void askForSharedHosts()
{
    ssh::setSharedHostQuestions(
        {[](const config::Workspace &workspace) { return hostKeyQuestion(workspace, Asking::OncePerRun); },
         passphraseQuestion(Asking::OncePerRun)});
}

release::HostResolver interactiveHostResolver(const config::Workspace &workspace)
{
    auto pool = interactiveHostPool(workspace);
    return [workspace, pool](const config::DeployStep &step) { return release::hostFor(workspace, *pool, step); };
}

} // namespace rd::ui
