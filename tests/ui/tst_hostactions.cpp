// SPDX-License-Identifier: GPL-3.0-or-later
// SSH and host commands in the GUI, offscreen, against a real OpenSSH sshd on loopback (started
// and stopped by the test) and the demo workspace's local host: the unknown-host-key dialog
// (trust → recorded in the workspace known_hosts and the command ran; cancel → clear error,
// nothing recorded; asked on the GUI thread itself → no deadlock), a changed key (error, no
// dialog), the passphrase prompt for an encrypted key (right passphrase, cancel), and
// Restart / Logs / Status from a matrix cell's context menu into the host-action window, with
// cancel of a command that never ends. Screenshots go to RD_SCREENSHOT_DIR when it is set.
#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "mainwindow.h"
#include "matrixmodel.h"
#include "release/auditlog.h"
#include "release/releasecontroller.h"
#include "ssh/hostactions.h"
#include "ssh/hostactionwindow.h"
#include "ssh/hostkeydialog.h"
#include "ssh/hostprompts.h"
#include "ssh/sharedhosts.h"
#include "sshserver.h"

#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QTimer>
#include <thread>

using namespace Qt::StringLiterals;
using namespace rd;

namespace {

constexpr int TimeoutMs = 30'000;

void saveScreenshot(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("RD_SCREENSHOT_DIR");
    if (!dir.isEmpty())
        widget->grab().save(QDir(dir).filePath(name + u".png"_s), "PNG");
}

template<typename Widget>
Widget *findWindow(const QString &objectName)
{
    for (QWidget *widget : QApplication::topLevelWidgets()) {
        if (auto *found = qobject_cast<Widget *>(widget); found && found->objectName() == objectName && found->isVisible())
            return found;
    }
    return nullptr;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// Counts every HostKeyDialog shown while it lives.
class DialogWatcher : public QObject
{
public:
    DialogWatcher() { qApp->installEventFilter(this); }
    ~DialogWatcher() override { qApp->removeEventFilter(this); }
    int shown = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Show && qobject_cast<ui::HostKeyDialog *>(watched))
            ++shown;
        return false;
    }
};

} // namespace

class TestHostActions : public QObject
{
    Q_OBJECT
public:
    static void initMain()
    {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<test::SshServer> m_server;
    QString m_key;
    QString m_lockedKey;
    QWidget m_parent;
    int m_workspaces = 0;

    // A workspace whose environments run their commands on the test sshd: `prod` (protected)
    // as `srv` with a plain key, `qa` as `locked` with a passphrase-protected key, `bare` with
    // no host commands. Both hosts record keys in `knownHosts`.
    config::Workspace sshWorkspace(const QString &knownHosts)
    {
        const QString folder = m_dir.filePath(u"ws%1"_s.arg(++m_workspaces));
        [&] { QVERIFY(QDir().mkpath(folder)); }();
        const QString file = folder + u"/releasedeck.yaml"_s;
        const QByteArray yaml = u"version: 1\nname: ssh-actions\n"
                                "registries:\n  demo: {url: \"oci-layout:registry\"}\n"
                                "artifacts:\n  - {name: api, registry: demo, image: hockey/api}\n"
                                "hosts:\n"
                                "  srv: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%3\", known_hosts: \"%5\"}\n"
                                "  locked: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%4\", known_hosts: \"%5\"}\n"
                                "environments:\n"
                                "  - name: qa\n"
                                "    status: {ssh: {host: locked, command: \"echo status of {artifact} in {env}\"}}\n"
                                "  - name: prod\n"
                                "    protected: true\n"
                                "    status: {ssh: {host: srv, command: \"echo status of {artifact} in {env}\"}}\n"
                                "    logs: {ssh: {host: srv, command: \"while true; do echo tick; sleep 0.05; done\"}}\n"
                                "  - name: bare\n"_s.arg(m_server->port())
                                    .arg(m_server->user(), m_key, m_lockedKey, knownHosts)
                                    .toUtf8();
        [&] { QVERIFY(writeFile(file, yaml)); }();
        auto loaded = config::loadWorkspace(file);
        [&] { QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().first().toString())); }();
        return loaded ? *loaded : config::Workspace{};
    }

    QString trustedKnownHosts()
    {
        const QString path = m_dir.filePath(u"trusted_known_hosts"_s);
        [&] { QVERIFY(writeFile(path, m_server->knownHostsLine().toUtf8() + '\n')); }();
        return path;
    }

    // Starts `action` and waits for its window to finish.
    ui::HostActionWindow *runToEnd(ui::HostActions &actions, const config::Workspace &workspace, release::HostAction action,
                                   const QString &environment)
    {
        ui::HostActionWindow *window = actions.start(workspace, action, {u"api"_s, environment, {}, {}});
        if (!window)
            return nullptr;
        [&] { QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs); }();
        return window;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // ~/.ssh of the person running the tests stays out of it; so does their audit log.
        qputenv("HOME", QFile::encodeName(m_dir.filePath(u"home"_s)));
        qputenv("RELEASEDECK_AUDIT_DB", QFile::encodeName(m_dir.filePath(u"audit.sqlite"_s)));
        qunsetenv("SSH_AUTH_SOCK");
        m_server = std::make_unique<test::SshServer>();
        if (!m_server->isRunning())
            QSKIP(qPrintable(u"no sshd to test against: "_s + m_server->error()));
        m_key = m_server->makeClientKey(u"client"_s, u"ed25519"_s);
        m_lockedKey = m_server->makeClientKey(u"locked"_s, u"ed25519"_s, u"correct horse"_s);
        QVERIFY(!m_key.isEmpty() && !m_lockedKey.isEmpty());
        QVERIFY(m_server->authorize(m_key));
        QVERIFY(m_server->authorize(m_lockedKey));
    }

    void cleanupTestCase()
    {
        QThreadPool::globalInstance()->waitForDone(TimeoutMs);
        m_server.reset();
    }

    void unknownHostKeyCancelled()
    {
        const QString knownHosts = m_dir.filePath(u"cancel/known_hosts"_s);
        const config::Workspace workspace = sshWorkspace(knownHosts);
        ui::HostActions actions(&m_parent);
        ui::HostActionWindow *window = actions.start(workspace, release::HostAction::Status, {u"api"_s, u"prod"_s, {}, {}});
        QVERIFY(window);
        ui::HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
        QVERIFY(dialog->cancelButton()->isDefault());
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs);
        QVERIFY(!window->outcome().succeeded());
        const QString message = window->resultLabel()->text();
        QVERIFY2(message.contains(u"was not trusted"_s) && message.contains(m_server->hostKeyFingerprint()), qPrintable(message));
        QVERIFY(!QFile::exists(knownHosts));   // nothing recorded
        window->close();
    }

    void unknownHostKeyTrusted()
    {
        const QString knownHosts = m_dir.filePath(u"trust/known_hosts"_s);
        const config::Workspace workspace = sshWorkspace(knownHosts);
        ui::HostActions actions(&m_parent);
        ui::HostActionWindow *window = actions.start(workspace, release::HostAction::Status, {u"api"_s, u"prod"_s, {}, {}});
        QVERIFY(window);
        ui::HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
        // What the person compares: the fingerprint ssh-keygen prints for the server's key.
        QCOMPARE(dialog->fingerprintLabel()->text(), m_server->hostKeyFingerprint());
        QCOMPARE(dialog->question().host, u"srv"_s);
        QCOMPARE(dialog->question().address, u"127.0.0.1"_s);
        QCOMPARE(dialog->question().port, int(m_server->port()));
        QCOMPARE(dialog->question().keyType, u"ED25519"_s);
        QCOMPARE(dialog->question().recordFile, knownHosts);
        saveScreenshot(dialog, u"host-key-dialog"_s);
        QTest::mouseClick(dialog->trustButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs);
        QVERIFY2(window->outcome().succeeded(), qPrintable(window->resultLabel()->text()));
        QVERIFY(window->outputPane()->toPlainText().contains(u"status of api in prod"_s));
        // Recorded exactly as `releasedeck-cli trust` records it: the known_hosts line of the key.
        QCOMPARE(readFile(knownHosts).trimmed(), m_server->knownHostsLine().toUtf8().trimmed());
        window->close();

        // The next pool connects without asking.
        DialogWatcher watcher;
        ui::HostActionWindow *again = runToEnd(actions, workspace, release::HostAction::Status, u"prod"_s);
        QVERIFY(again);
        QVERIFY2(again->outcome().succeeded(), qPrintable(again->resultLabel()->text()));
        QCOMPARE(watcher.shown, 0);
        again->close();
    }

    void questionOnTheGuiThreadDoesNotDeadlock()
    {
        // Asked on the GUI thread itself (a command run there): a local loop shows the dialog.
        const config::Workspace workspace = sshWorkspace(m_dir.filePath(u"gui-thread/known_hosts"_s));
        const ssh::UnknownHostKeyHandler handler = ui::hostKeyQuestion(workspace);
        QTimer::singleShot(0, this, [] {
            // The dialog opens inside ask(); answer it from the loop ask() runs.
            QTimer *poll = new QTimer(qApp);
            QObject::connect(poll, &QTimer::timeout, poll, [poll] {
                if (auto *dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)) {
                    dialog->reject();
                    poll->deleteLater();
                }
            });
            poll->start(10);
        });
        QVERIFY(!handler.ask(u"srv"_s, u"ED25519"_s, u"SHA256:abc"_s));
    }

    void blockedGuiThreadDoesNotDeadlock()
    {
        // The GUI thread waits for the worker that asks (as a view waiting for its plan in its
        // destructor would): the worker gives up ("no") instead of waiting for ever, and the
        // question it abandoned is never shown afterwards.
        const config::Workspace workspace = sshWorkspace(m_dir.filePath(u"blocked/known_hosts"_s));
        const ssh::UnknownHostKeyHandler handler = ui::hostKeyQuestion(workspace);
        ui::setQuestionPickupTimeout(std::chrono::milliseconds(300));
        // A plain thread: QFuture::waitForFinished() would run a task that has not started yet
        // on the waiting (GUI) thread itself, which is the other case.
        bool answer = true;
        std::thread worker([&] { answer = handler.ask(u"srv"_s, u"ED25519"_s, u"SHA256:abc"_s); });
        worker.join();   // blocks the GUI thread
        ui::setQuestionPickupTimeout(std::chrono::seconds(20));
        QVERIFY(!answer);
        DialogWatcher watcher;
        QTest::qWait(50);   // the abandoned question reaches the GUI thread now
        QCOMPARE(watcher.shown, 0);
        QVERIFY(!findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s));
    }

    void concurrentQuestionsShareOneDialog()
    {
        // Two workers connecting to the same server at once: one dialog, one answer for both.
        const config::Workspace workspace = sshWorkspace(m_dir.filePath(u"concurrent/known_hosts"_s));
        const ssh::UnknownHostKeyHandler handler = ui::hostKeyQuestion(workspace);
        DialogWatcher watcher;
        std::atomic_int yes{0}, done{0};
        std::vector<std::thread> workers;
        for (int i = 0; i < 2; ++i) {
            workers.emplace_back([&] {
                if (handler.ask(u"srv"_s, u"ED25519"_s, u"SHA256:same"_s))
                    ++yes;
                ++done;
            });
        }
        ui::HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
        QTest::qWait(100);   // the second question, if it were asked separately, would show by now
        QTest::mouseClick(dialog->trustButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(done.load(), 2, TimeoutMs);
        for (std::thread &worker : workers)
            worker.join();
        QCOMPARE(yes.load(), 2);
        QCOMPARE(watcher.shown, 1);
    }

    void backgroundWorkAsksOncePerRun()
    {
        // A backup poll or health check that was told "no" does not open the dialog again at
        // the next poll; an action the person starts asks again, and a "yes" lifts the "no".
        const config::Workspace workspace = sshWorkspace(m_dir.filePath(u"once/known_hosts"_s));
        const ssh::UnknownHostKeyHandler background = ui::hostKeyQuestion(workspace, ui::Asking::OncePerRun);
        const ssh::UnknownHostKeyHandler action = ui::hostKeyQuestion(workspace, ui::Asking::Always);
        DialogWatcher watcher;
        auto askOnWorker = [](const ssh::UnknownHostKeyHandler &handler, std::atomic_int &answer) {
            return std::thread([&handler, &answer] { answer = handler.ask(u"srv"_s, u"ED25519"_s, u"SHA256:once"_s) ? 1 : 0; });
        };
        auto answerDialog = [](bool trust) {
            ui::HostKeyDialog *dialog = nullptr;
            QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
            QTest::mouseClick(trust ? dialog->trustButton() : dialog->cancelButton(), Qt::LeftButton);
        };
        std::atomic_int answer{-1};

        std::thread first = askOnWorker(background, answer);
        answerDialog(false);
        QTRY_COMPARE_WITH_TIMEOUT(answer.load(), 0, TimeoutMs);
        first.join();
        QCOMPARE(watcher.shown, 1);

        answer = -1;
        std::thread again = askOnWorker(background, answer); // the next poll: "no" without a dialog
        QTRY_COMPARE_WITH_TIMEOUT(answer.load(), 0, TimeoutMs);
        again.join();
        QTest::qWait(100);
        QCOMPARE(watcher.shown, 1);

        answer = -1;
        std::thread started = askOnWorker(action, answer); // the person asks: the dialog again
        answerDialog(true);
        QTRY_COMPARE_WITH_TIMEOUT(answer.load(), 1, TimeoutMs);
        started.join();
        QCOMPARE(watcher.shown, 2);

        answer = -1;
        std::thread afterYes = askOnWorker(background, answer); // no longer declined: asked
        answerDialog(false);
        QTRY_COMPARE_WITH_TIMEOUT(answer.load(), 0, TimeoutMs);
        afterYes.join();
        QCOMPARE(watcher.shown, 3);
    }

    void unansweredQuestionIsNotADecline()
    {
        // Nobody answered (the GUI thread was busy past the pickup timeout): that is no "no",
        // so background work asks again next time.
        const config::Workspace workspace = sshWorkspace(m_dir.filePath(u"unanswered/known_hosts"_s));
        const ssh::UnknownHostKeyHandler background = ui::hostKeyQuestion(workspace, ui::Asking::OncePerRun);
        ui::setQuestionPickupTimeout(std::chrono::milliseconds(300));
        bool answer = true;
        std::thread blocked([&] { answer = background.ask(u"srv"_s, u"ED25519"_s, u"SHA256:unanswered"_s); });
        blocked.join(); // the GUI thread is busy here
        ui::setQuestionPickupTimeout(std::chrono::seconds(20));
        QVERIFY(!answer);
        DialogWatcher watcher;
        std::atomic_int again{-1};
        std::thread next([&] { again = background.ask(u"srv"_s, u"ED25519"_s, u"SHA256:unanswered"_s) ? 1 : 0; });
        ui::HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
        QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(again.load(), 0, TimeoutMs);
        next.join();
        QCOMPARE(watcher.shown, 1);
    }

    void cancelledPassphraseIsAskedOncePerRun()
    {
        // Background work: a passphrase the person would not give is not asked for at every poll.
        const ssh::PassphrasePrompt background = ui::passphraseQuestion(ui::Asking::OncePerRun);
        const QString keyFile = m_dir.filePath(u"once-per-run-key"_s);
        std::optional<QString> first = u"unset"_s;
        std::atomic_bool done{false};
        std::thread asking([&] {
            first = background.ask(u"srv"_s, keyFile);
            done = true;
        });
        QInputDialog *prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((prompt = findWindow<QInputDialog>(u"passphraseDialog"_s)), TimeoutMs);
        prompt->reject();
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), TimeoutMs);
        asking.join();
        QVERIFY(!first);
        // Asked again while the GUI thread is free to show a dialog: the answer comes at once,
        // with no dialog (one would wait for a person and never finish here).
        std::optional<QString> second = u"unset"_s;
        done = false;
        std::thread again([&] {
            second = background.ask(u"srv"_s, keyFile);
            done = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), 2'000);
        again.join();
        QVERIFY(!second);
        QVERIFY(!findWindow<QInputDialog>(u"passphraseDialog"_s));
    }

    void sharedHostsAskInTheWindow()
    {
        // Health checks and version probes run their commands on ssh::sharedHost; once the
        // window has set its questions, a new host key is asked about instead of refused.
        const QString knownHosts = m_dir.filePath(u"shared/known_hosts"_s);
        const config::Workspace workspace = sshWorkspace(knownHosts);
        auto refusing = ssh::sharedHost(workspace, u"srv"_s);
        QVERIFY(refusing);
        auto refused = (*refusing)->run(u"echo refused"_s);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"trust"_s), qPrintable(refused.error().message));
        refusing->reset();

        ui::askForSharedHosts();
        auto shared = ssh::sharedHost(workspace, u"srv"_s);
        QVERIFY(shared);
        rd::Result<ssh::ExecResult> result = std::unexpected(rd::Error{});
        std::atomic_bool done{false};
        std::thread check([&] {
            result = (*shared)->run(u"echo alive"_s);
            done = true;
        });
        ui::HostKeyDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = findWindow<ui::HostKeyDialog>(u"hostKeyDialog"_s)), TimeoutMs);
        QTest::mouseClick(dialog->trustButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(done.load(), TimeoutMs);
        check.join();
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QVERIFY(result->succeeded());
        QVERIFY2(result->tailText().contains(u"alive"_s), qPrintable(result->tailText()));
        QVERIFY(readFile(knownHosts).contains(m_server->knownHostsLine().section(u' ', 1).toUtf8()));
        ssh::setSharedHostQuestions({});
    }

    void changedHostKeyIsAnErrorWithoutDialog()
    {
        // known_hosts holds another ed25519 key for the server's [127.0.0.1]:port.
        const QString impostor = m_server->makeClientKey(u"impostor"_s, u"ed25519"_s);
        const QList<QByteArray> pub = readFile(impostor + u".pub"_s).split(' ');
        QVERIFY(pub.size() >= 2);
        const QString knownHosts = m_dir.filePath(u"changed_known_hosts"_s);
        QVERIFY(writeFile(knownHosts, "[127.0.0.1]:" + QByteArray::number(m_server->port()) + ' ' + pub[0] + ' ' + pub[1] + '\n'));
        const QByteArray before = readFile(knownHosts);
        const config::Workspace workspace = sshWorkspace(knownHosts);
        DialogWatcher watcher;
        ui::HostActions actions(&m_parent);
        ui::HostActionWindow *window = runToEnd(actions, workspace, release::HostAction::Status, u"prod"_s);
        QVERIFY(window);
        QVERIFY(!window->outcome().succeeded());
        const QString message = window->resultLabel()->text();
        QVERIFY2(message.contains(u"CHANGED"_s) && message.contains(knownHosts + u":1"_s), qPrintable(message));
        QCOMPARE(watcher.shown, 0);   // no "trust it anyway"
        QCOMPARE(readFile(knownHosts), before);
        window->close();
    }

    void passphrasePrompt()
    {
        const config::Workspace workspace = sshWorkspace(trustedKnownHosts());
        ui::HostActions actions(&m_parent);

        // The right passphrase: the key is used and the command runs.
        ui::HostActionWindow *window = actions.start(workspace, release::HostAction::Status, {u"api"_s, u"qa"_s, {}, {}});
        QVERIFY(window);
        QInputDialog *prompt = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((prompt = findWindow<QInputDialog>(u"passphraseDialog"_s)), TimeoutMs);
        QVERIFY2(prompt->labelText().contains(m_lockedKey), qPrintable(prompt->labelText()));
        QCOMPARE(prompt->textEchoMode(), QLineEdit::Password);
        prompt->setTextValue(u"correct horse"_s);
        prompt->accept();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs);
        QVERIFY2(window->outcome().succeeded(), qPrintable(window->resultLabel()->text()));
        QVERIFY(window->outputPane()->toPlainText().contains(u"status of api in qa"_s));
        window->close();

        // Cancel: a clear error naming the key file, nothing ran.
        window = actions.start(workspace, release::HostAction::Status, {u"api"_s, u"qa"_s, {}, {}});
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT((prompt = findWindow<QInputDialog>(u"passphraseDialog"_s)), TimeoutMs);
        prompt->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs);
        QVERIFY(!window->outcome().succeeded());
        const QString message = window->resultLabel()->text();
        QVERIFY2(message.contains(u"no passphrase was given"_s) && message.contains(m_lockedKey), qPrintable(message));
        QVERIFY(!window->outputPane()->toPlainText().contains(u"status of"_s));
        window->close();
    }

    void cancelANeverEndingLogsCommand()
    {
        const config::Workspace workspace = sshWorkspace(trustedKnownHosts());
        ui::HostActions actions(&m_parent);
        ui::HostActionWindow *window = actions.start(workspace, release::HostAction::Logs, {u"api"_s, u"prod"_s, {}, {}});
        QVERIFY(window);
        QTRY_VERIFY_WITH_TIMEOUT(window->outputPane()->toPlainText().count(u"tick"_s) >= 3, TimeoutMs);
        QVERIFY(window->isRunning());
        QVERIFY(window->cancelButton()->isEnabled());
        QTest::mouseClick(window->cancelButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), TimeoutMs);
        QVERIFY(!window->outcome().succeeded());
        QVERIFY(!window->cancelButton()->isEnabled());
        QVERIFY(!window->resultLabel()->text().isEmpty());
        window->close();
    }

    void environmentWithoutCommandsShowsTheKeyToAdd()
    {
        const config::Workspace workspace = sshWorkspace(trustedKnownHosts());
        ui::HostActions actions(&m_parent);
        QMenu menu;
        actions.addActions(&menu, &workspace, u"api"_s, release::MatrixCell{}, u"bare"_s);
        for (const QString &key : {u"restart"_s, u"logs"_s, u"status"_s}) {
            QAction *action = menu.findChild<QAction *>(key + u"Action"_s);
            QVERIFY(action);
            QVERIFY(!action->isEnabled());
            QVERIFY2(action->toolTip().contains(u"environments.bare."_s + key), qPrintable(action->toolTip()));
        }
    }

    void demoCellMenuRunsStatusLogsAndRestart()
    {
        QTemporaryDir demoDir;
        auto created = demo::createDemoWorkspace(demoDir.filePath(u"demo"_s));
        QVERIFY2(created, created ? "" : qPrintable(created.error().toString()));
        ui::MainWindow window;
        window.resize(1280, 800);
        window.show();
        QSignalSpy loaded(&window, &ui::MainWindow::loadFinished);
        window.openWorkspace(*created);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), TimeoutMs);
        QVERIFY(loaded.front().at(0).toBool());
        ui::ReleaseController *controller = window.releaseController();
        const auto &matrix = window.matrixModel()->matrix();
        auto cell = [&](const QString &artifact, const QString &environment) {
            for (int row = 0; row < matrix.rows.size(); ++row) {
                if (matrix.rows[row].artifact == artifact)
                    return window.matrixModel()->index(row, int(matrix.environmentIndex(environment)) + 1);
            }
            return QModelIndex();
        };
        auto trigger = [&](const QModelIndex &index, const QString &name) -> ui::HostActionWindow * {
            std::unique_ptr<QMenu> menu(controller->cellMenu(index, nullptr));
            QAction *action = menu->findChild<QAction *>(name);
            if (!action || !action->isEnabled())
                return nullptr;
            QSignalSpy opened(controller->hostActions(), &ui::HostActions::windowOpened);
            action->trigger();
            return opened.isEmpty() ? controller->hostActions()->currentWindow() : opened.front().at(0).value<ui::HostActionWindow *>();
        };

        // Status of api in staging: the line, exit status 0.
        ui::HostActionWindow *status = trigger(cell(u"api"_s, u"staging"_s), u"statusAction"_s);
        QVERIFY(status);
        QTRY_VERIFY_WITH_TIMEOUT(!status->isRunning(), TimeoutMs);
        QVERIFY2(status->outcome().succeeded(), qPrintable(status->resultLabel()->text()));
        QVERIFY2(status->outputPane()->toPlainText().contains(u"api in staging: running"_s), qPrintable(status->outputPane()->toPlainText()));
        QVERIFY2(status->resultLabel()->text().contains(u"Exit status 0"_s), qPrintable(status->resultLabel()->text()));
        status->close();

        // Logs: the last 100 lines of the service log, as they arrived; Copy puts them on the clipboard.
        ui::HostActionWindow *logs = trigger(cell(u"api"_s, u"staging"_s), u"logsAction"_s);
        QVERIFY(logs);
        QTRY_VERIFY_WITH_TIMEOUT(!logs->isRunning(), TimeoutMs);
        QVERIFY2(logs->outcome().succeeded(), qPrintable(logs->resultLabel()->text()));
        QCOMPARE(logs->linesReceived(), 100);
        QVERIFY(logs->outputPane()->toPlainText().contains(u"GET /api/games/"_s));
        QTest::mouseClick(logs->copyButton(), Qt::LeftButton);
        QCOMPARE(QApplication::clipboard()->text(), logs->outputPane()->toPlainText());
        saveScreenshot(logs, u"host-action-window"_s);
        logs->close();

        // Restart in prod (protected): confirmed by typing "prod", run, audited.
        std::unique_ptr<QMenu> menu(controller->cellMenu(cell(u"api"_s, u"prod"_s), nullptr));
        QAction *restartAction = menu->findChild<QAction *>(u"restartAction"_s);
        QVERIFY(restartAction && restartAction->isEnabled());
        restartAction->trigger();
        QWidget *confirmation = controller->hostActions()->currentConfirmation();
        QVERIFY(confirmation);
        auto *typed = confirmation->findChild<QLineEdit *>(u"restartConfirmation"_s);
        auto *confirm = confirmation->findChild<QPushButton *>(u"restartConfirmButton"_s);
        QVERIFY(typed && confirm);
        QVERIFY(!confirm->isEnabled());
        QTest::keyClicks(typed, u"staging"_s);
        QVERIFY(!confirm->isEnabled());
        typed->clear();
        QTest::keyClicks(typed, u"prod"_s);
        QVERIFY(confirm->isEnabled());
        QSignalSpy restarted(controller->hostActions(), &ui::HostActions::restartFinished);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!restarted.isEmpty(), TimeoutMs);
        QVERIFY(restarted.front().at(0).toBool());
        ui::HostActionWindow *restart = controller->hostActions()->currentWindow();
        QVERIFY(restart);
        QVERIFY(restart->outputPane()->toPlainText().contains(u"restarted api in prod"_s));
        QVERIFY(QFile::exists(QFileInfo(*created).dir().filePath(u"state/prod/api.restarted"_s)));
        auto log = release::AuditLog::open(qEnvironmentVariable("RELEASEDECK_AUDIT_DB"));
        QVERIFY(log);
        release::AuditQuery query;
        query.action = u"restart"_s;
        auto records = log->records(query);
        QVERIFY(records);
        QCOMPARE(records->size(), 1);
        QCOMPARE(records->front().environment, u"prod"_s);
        QCOMPARE(records->front().result, u"succeeded"_s);
        restart->close();
        QThreadPool::globalInstance()->waitForDone(TimeoutMs);
    }
};

QTEST_MAIN(TestHostActions)
#include "tst_hostactions.moc"
