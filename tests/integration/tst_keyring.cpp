// SPDX-License-Identifier: GPL-3.0-or-later
// keyring:NAME references against a REAL Secret Service: a private D-Bus session bus
// (dbus-daemon on a unix socket in a temporary folder) with a real gnome-keyring-daemon on it,
// both started here and stopped by PID. Entries are written with secret-tool, an independent
// client, and read through rd::secrets::readSecret; then used for registry Basic auth against
// a real docker-registry, an SSH key passphrase against a real sshd and a notification target.
// Failures: missing / empty / oversized entries, no bus, a bus that never answers, the keyring
// daemon stopped (SIGSTOP: no answer) and killed, a locked keyring whose prompt is dismissed,
// and the releasedeck-cli secret set / check / delete round trip.
// libsecret (glib) before Qt: only for storing entries larger than secret-tool can (it reads
// at most 8 KiB of input)
#include <libsecret/secret.h>

#include "processrun.h"
#include "registryserver.h"
#include "sshserver.h"
#include "testdata.h"

#include "config/workspace.h"
#include "config/workspaceloader.h"
#include "health/healthnotifier.h"
#include "registry/remoteregistry.h"
#include "secrets/keyring.h"
#include "secrets/secretreference.h"
#include "ssh/sshhost.h"
#include "ssh/sshhostsettings.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLocalServer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>

using namespace Qt::StringLiterals;
using rd::test::ProcessRun;
using rd::test::runProcess;

#define VERIFY_OK(result) QVERIFY2(result, qPrintable((result) ? QString() : (result).error().message))

namespace {

// A private session bus and a gnome-keyring-daemon serving org.freedesktop.secrets on it.
class SecretServiceSession
{
public:
    SecretServiceSession()
    {
        if (!m_dir.isValid()) {
            m_error = u"no temporary folder"_s;
            return;
        }
        QDir().mkpath(home());
        QDir().mkpath(runtime());
        QFile::setPermissions(runtime(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QFile config(m_dir.filePath(u"bus.conf"_s));
        if (!config.open(QIODevice::WriteOnly)) {
            m_error = u"cannot write bus.conf"_s;
            return;
        }
        config.write(QStringLiteral(
            "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
            " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
            "<busconfig>\n"
            "  <type>session</type>\n"
            "  <listen>unix:path=%1</listen>\n"
            "  <auth>EXTERNAL</auth>\n"
            "  <policy context=\"default\">\n"
            "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
            "    <allow eavesdrop=\"true\"/>\n"
            "    <allow own=\"*\"/>\n"
            "  </policy>\n"
            "</busconfig>\n")
                         .arg(m_dir.filePath(u"bus"_s))
                         .toUtf8());
        config.close();
        m_bus = std::make_unique<QProcess>();
        m_bus->setProgram(u"dbus-daemon"_s);
        m_bus->setArguments({u"--config-file="_s + config.fileName(), u"--nofork"_s, u"--print-address=1"_s});
        m_bus->start();
        if (!m_bus->waitForStarted(10'000)) {
            m_error = u"dbus-daemon did not start: "_s + m_bus->errorString();
            return;
        }
        QByteArray line;
        QElapsedTimer waited;
        waited.start();
        while (!line.contains('\n') && waited.elapsed() < 10'000 && m_bus->state() == QProcess::Running) {
            m_bus->waitForReadyRead(200);
            line += m_bus->readAllStandardOutput();
        }
        m_address = QString::fromUtf8(line.trimmed());
        if (m_address.isEmpty()) {
            m_error = u"dbus-daemon printed no address: "_s + QString::fromUtf8(m_bus->readAllStandardError());
            return;
        }
        startKeyring(true);
    }

    ~SecretServiceSession()
    {
        stopKeyring();
        if (m_bus) {
            m_bus->kill();
            m_bus->waitForFinished(5'000);
        }
    }

    bool isRunning() const { return m_error.isEmpty() && m_keyring && m_keyring->state() == QProcess::Running; }
    QString error() const { return m_error; }
    QString address() const { return m_address; }
    QString home() const { return m_dir.filePath(u"home"_s); }
    QString runtime() const { return m_dir.filePath(u"run"_s); }
    QString folder() const { return m_dir.path(); }
    qint64 keyringPid() const { return m_keyring ? m_keyring->processId() : 0; }

    // The environment secret-tool and the keyring daemon run in.
    QProcessEnvironment environment() const
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"DBUS_SESSION_BUS_ADDRESS"_s, m_address);
        environment.insert(u"HOME"_s, home());
        environment.insert(u"XDG_RUNTIME_DIR"_s, runtime());
        environment.remove(u"DISPLAY"_s);
        return environment;
    }

    // gnome-keyring-daemon in the foreground: with `unlock`, the login keyring is created (first
    // time) or unlocked with the password on stdin; without it, the keyring stays locked.
    bool startKeyring(bool unlock)
    {
        stopKeyring();
        m_keyring = std::make_unique<QProcess>();
        m_keyring->setProcessEnvironment(environment());
        m_keyring->setProgram(u"gnome-keyring-daemon"_s);
        QStringList arguments{u"--foreground"_s, u"--components=secrets"_s};
        if (unlock)
            arguments.append(u"--unlock"_s);
        m_keyring->setArguments(arguments);
        m_keyring->start();
        if (!m_keyring->waitForStarted(10'000)) {
            m_error = u"gnome-keyring-daemon did not start: "_s + m_keyring->errorString();
            return false;
        }
        // QProcess writes only while an event loop or a waitFor… call runs: push the password
        // out now, so that the daemon sees it and then end-of-file
        if (unlock) {
            m_keyring->write("keyring-password");
            m_keyring->waitForBytesWritten(5'000);
        }
        m_keyring->closeWriteChannel();
        // ready when it owns org.freedesktop.secrets on the bus
        QElapsedTimer waited;
        waited.start();
        ProcessRun owner;
        while (waited.elapsed() < 20'000 && m_keyring->state() == QProcess::Running) {
            owner = runProcess(u"dbus-send"_s,
                {u"--session"_s, u"--print-reply"_s, u"--dest=org.freedesktop.DBus"_s, u"/org/freedesktop/DBus"_s,
                 u"org.freedesktop.DBus.NameHasOwner"_s, u"string:org.freedesktop.secrets"_s},
                environment(), {}, 10'000);
            if (owner.exitCode == 0 && owner.out.contains(u"boolean true"_s))
                return true;
            QThread::msleep(50);
        }
        m_error = u"gnome-keyring-daemon did not take org.freedesktop.secrets: "_s
            + QString::fromUtf8(m_keyring->readAllStandardError()) + u" (dbus-send: "_s + owner.describe() + u')';
        return false;
    }

    void stopKeyring()
    {
        if (!m_keyring)
            return;
        if (m_keyring->processId() > 0)
            ::kill(pid_t(m_keyring->processId()), SIGCONT); // in case a test stopped it
        m_keyring->kill();
        m_keyring->waitForFinished(5'000);
        m_keyring.reset();
    }

    // secret-tool store, with `secret` on stdin exactly as given.
    bool store(const QString &name, const QByteArray &secret) const
    {
        QProcess tool;
        tool.setProcessEnvironment(environment());
        tool.start(u"secret-tool"_s, {u"store"_s, u"--label=ReleaseDeck "_s + name, u"application"_s, u"releasedeck"_s,
                                     u"name"_s, name});
        if (!tool.waitForStarted(10'000))
            return false;
        tool.write(secret);
        tool.closeWriteChannel();
        return tool.waitForFinished(30'000) && tool.exitStatus() == QProcess::NormalExit && tool.exitCode() == 0;
    }

    // secret-tool lookup: the stored secret, or nullopt when there is none.
    std::optional<QByteArray> lookup(const QString &name) const
    {
        QProcess tool;
        tool.setProcessEnvironment(environment());
        tool.start(u"secret-tool"_s, {u"lookup"_s, u"application"_s, u"releasedeck"_s, u"name"_s, name});
        if (!tool.waitForFinished(30'000) || tool.exitCode() != 0)
            return std::nullopt;
        return tool.readAllStandardOutput();
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_bus;
    std::unique_ptr<QProcess> m_keyring;
    QString m_address;
    QString m_error;
};

// Restores an environment variable when the scope ends.
class EnvironmentOverride
{
public:
    EnvironmentOverride(const char *name, const QByteArray &value)
        : m_name(name)
        , m_had(qEnvironmentVariableIsSet(name))
        , m_saved(qgetenv(name))
    {
        qputenv(name, value);
    }
    ~EnvironmentOverride()
    {
        if (m_had)
            qputenv(m_name, m_saved);
        else
            qunsetenv(m_name);
    }

private:
    const char *m_name;
    bool m_had;
    QByteArray m_saved;
};

// Stores an entry with libsecret's own password API (an independent client like secret-tool,
// without its 8 KiB input limit), then drops libsecret's cached service so that no shared bus
// connection outlives this call.
bool storeWithLibsecret(const QString &name, const QByteArray &secret)
{
    static const SecretSchema schema = {
        "org.freedesktop.Secret.Generic", SECRET_SCHEMA_DONT_MATCH_NAME,
        {{"application", SECRET_SCHEMA_ATTRIBUTE_STRING}, {"name", SECRET_SCHEMA_ATTRIBUTE_STRING}, {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
        0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
    GError *error = nullptr;
    const QByteArray label = "ReleaseDeck " + name.toUtf8();
    const gboolean stored = secret_password_store_sync(&schema, SECRET_COLLECTION_DEFAULT, label.constData(),
        secret.constData(), nullptr, &error, "application", "releasedeck", "name", name.toUtf8().constData(), nullptr);
    if (error) {
        qWarning("libsecret: %s", error->message);
        g_error_free(error);
    }
    secret_service_disconnect();
    return stored;
}

rd::config::Notification webhookTarget(const QString &reference)
{
    rd::config::Notification target;
    target.kind = rd::config::Notification::Kind::Webhook;
    target.target = reference;
    return target;
}

} // namespace

class TestKeyring : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    std::unique_ptr<SecretServiceSession> m_session;

    ProcessRun cli(const QStringList &arguments, const QByteArray &input = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(m_session->environment());
        process.start(rd::test::binaryPath(u"releasedeck-cli"_s), arguments);
        ProcessRun run;
        if (!process.waitForStarted(10'000))
            return run;
        process.write(input);
        process.closeWriteChannel();
        run.finished = process.waitForFinished(60'000) && process.exitStatus() == QProcess::NormalExit;
        run.exitCode = process.exitCode();
        run.out = QString::fromUtf8(process.readAllStandardOutput());
        run.err = QString::fromUtf8(process.readAllStandardError());
        return run;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        qputenv("HOME", QFile::encodeName(m_home.path()));
        qunsetenv("SSH_AUTH_SOCK");
        m_session = std::make_unique<SecretServiceSession>();
        if (!m_session->isRunning())
            QSKIP(qPrintable(u"no private session bus with gnome-keyring to test against: "_s + m_session->error()));
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_session->address().toUtf8());
        rd::secrets::setKeyringTimeouts({std::chrono::seconds(10), std::chrono::seconds(20)});
    }

    void cleanupTestCase() { m_session.reset(); }

    void init()
    {
        // every case starts with a running, unlocked keyring on the private bus
        qputenv("DBUS_SESSION_BUS_ADDRESS", m_session->address().toUtf8());
        if (!m_session->isRunning())
            QVERIFY2(m_session->startKeyring(true), qPrintable(m_session->error()));
    }

    void referenceReadsWhatSecretToolStored()
    {
        const QByteArray secret = "p\xc3\xa4ss word: with ' \" $ and \\ \n second line";
        QVERIFY(m_session->store(u"plain"_s, secret));
        auto read = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        VERIFY_OK(read);
        QCOMPARE(*read, secret);

        // a name with every allowed punctuation character, as the workspace grammar allows it
        QVERIFY(m_session->store(u"team/ci@ghcr.io:443+x_y-z.1"_s, "tok"));
        auto punctuated = rd::secrets::readSecret(u"keyring:team/ci@ghcr.io:443+x_y-z.1"_s, u"the test secret"_s);
        VERIFY_OK(punctuated);
        QCOMPARE(*punctuated, QByteArray("tok"));

        // an entry of another application with the same name is not ours
        QProcess other;
        other.setProcessEnvironment(m_session->environment());
        other.start(u"secret-tool"_s, {u"store"_s, u"--label=other"_s, u"application"_s, u"other"_s, u"name"_s, u"foreign"_s});
        QVERIFY(other.waitForStarted());
        other.write("not ours");
        other.closeWriteChannel();
        QVERIFY(other.waitForFinished());
        auto foreign = rd::secrets::readSecret(u"keyring:foreign"_s, u"the test secret"_s);
        QVERIFY(!foreign);
        QVERIFY2(foreign.error().message.contains(u"has no entry foreign"_s), qPrintable(foreign.error().message));

        // a replaced entry reads back as the new value
        QVERIFY(m_session->store(u"plain"_s, "second"));
        auto replaced = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        VERIFY_OK(replaced);
        QCOMPARE(*replaced, QByteArray("second"));
    }

    void storeAndDeleteRoundTripThroughSecretTool()
    {
        VERIFY_OK(rd::secrets::storeKeyringSecret(u"made-here"_s, "from releasedeck"));
        QCOMPARE(m_session->lookup(u"made-here"_s).value_or("<none>"), QByteArray("from releasedeck"));
        auto deleted = rd::secrets::deleteKeyringSecret(u"made-here"_s);
        VERIFY_OK(deleted);
        QVERIFY(*deleted);
        QVERIFY(!m_session->lookup(u"made-here"_s));
        auto again = rd::secrets::deleteKeyringSecret(u"made-here"_s);
        VERIFY_OK(again);
        QVERIFY(!*again);

        // refused before the keyring is asked
        QVERIFY(!rd::secrets::storeKeyringSecret(u"-bad"_s, "x"));
        QVERIFY(!rd::secrets::storeKeyringSecret(u"ok"_s, QByteArray()));
        QVERIFY(!rd::secrets::storeKeyringSecret(u"ok"_s, QByteArray(rd::secrets::MaxKeyringSecretSize + 1, 'x')));
        QVERIFY(!rd::secrets::readKeyringSecret(u"sp ace"_s));
        QVERIFY(!rd::secrets::readKeyringSecret(QString(257, u'a')));
    }

    void missingEmptyAndOversizedEntries()
    {
        auto missing = rd::secrets::readSecret(u"keyring:never-stored"_s, u"the credentials of registry ghcr"_s);
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.startsWith(u"the credentials of registry ghcr (keyring:never-stored): "_s),
                 qPrintable(missing.error().message));
        QVERIFY2(missing.error().message.contains(u"has no entry never-stored"_s), qPrintable(missing.error().message));
        QVERIFY2(missing.error().message.contains(u"secret-tool store"_s), qPrintable(missing.error().message));

        if (m_session->store(u"empty"_s, QByteArray())) {
            auto empty = rd::secrets::readSecret(u"keyring:empty"_s, u"the test secret"_s);
            QVERIFY(!empty);
            QVERIFY2(empty.error().message.contains(u"entry empty is empty"_s), qPrintable(empty.error().message));
        } else {
            qInfo("secret-tool refuses to store an empty secret; the empty case is covered through the API only");
        }

        const QByteArray atLimit(rd::secrets::MaxKeyringSecretSize, 'a');
        QVERIFY(storeWithLibsecret(u"at-limit"_s, atLimit));
        auto fits = rd::secrets::readSecret(u"keyring:at-limit"_s, u"the test secret"_s);
        VERIFY_OK(fits);
        QCOMPARE(fits->size(), atLimit.size());

        const QByteArray huge(rd::secrets::MaxKeyringSecretSize + 1, 'b');
        QVERIFY(storeWithLibsecret(u"huge"_s, huge));
        auto oversized = rd::secrets::readSecret(u"keyring:huge"_s, u"the test secret"_s);
        QVERIFY(!oversized);
        QVERIFY2(oversized.error().message.contains(u"more than the 64 KiB"_s), qPrintable(oversized.error().message));
        QVERIFY(!oversized.error().message.contains(u"bbbb"_s));
    }

    void noSessionBus()
    {
        {
            EnvironmentOverride dead("DBUS_SESSION_BUS_ADDRESS",
                                     "unix:path=" + QFile::encodeName(m_session->folder() + u"/no-such-bus"_s));
            auto read = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
            QVERIFY(!read);
            QVERIFY2(read.error().message.contains(u"cannot reach the D-Bus session bus"_s), qPrintable(read.error().message));
        }
        {
            QTemporaryDir emptyRuntime;
            EnvironmentOverride runtime("XDG_RUNTIME_DIR", QFile::encodeName(emptyRuntime.path()));
            qunsetenv("DBUS_SESSION_BUS_ADDRESS");
            auto read = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
            qputenv("DBUS_SESSION_BUS_ADDRESS", m_session->address().toUtf8());
            QVERIFY(!read);
            QVERIFY2(read.error().message.contains(u"there is no D-Bus session bus"_s), qPrintable(read.error().message));
        }
    }

    void busThatNeverAnswers()
    {
        // a socket that accepts connections and says nothing: the read gives up, it does not hang
        QLocalServer silent;
        const QString path = m_session->folder() + u"/silent-bus"_s;
        QVERIFY(silent.listen(path));
        EnvironmentOverride address("DBUS_SESSION_BUS_ADDRESS", "unix:path=" + QFile::encodeName(path));
        const auto saved = rd::secrets::keyringTimeouts();
        rd::secrets::setKeyringTimeouts({std::chrono::milliseconds(1500), saved.prompt});
        auto read = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        rd::secrets::setKeyringTimeouts(saved);
        QVERIFY(!read);
        QVERIFY2(read.error().message.contains(u"did not answer within 1.5 s"_s), qPrintable(read.error().message));
    }

    void keyringDaemonStoppedThenKilled()
    {
        QVERIFY(m_session->store(u"plain"_s, "value"));
        // stopped: the bus answers, the Secret Service does not
        QVERIFY(::kill(pid_t(m_session->keyringPid()), SIGSTOP) == 0);
        const auto saved = rd::secrets::keyringTimeouts();
        rd::secrets::setKeyringTimeouts({std::chrono::milliseconds(1500), saved.prompt});
        auto stopped = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        rd::secrets::setKeyringTimeouts(saved);
        ::kill(pid_t(m_session->keyringPid()), SIGCONT);
        QVERIFY(!stopped);
        QVERIFY2(stopped.error().message.contains(u"did not answer"_s), qPrintable(stopped.error().message));

        // the daemon answers again after SIGCONT
        auto resumed = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        VERIFY_OK(resumed);

        // killed: nobody owns org.freedesktop.secrets any more (and nothing can start it)
        m_session->stopKeyring();
        auto gone = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        QVERIFY(!gone);
        QVERIFY2(gone.error().message.contains(u"no Secret Service"_s), qPrintable(gone.error().message));
        QVERIFY(!rd::secrets::storeKeyringSecret(u"plain"_s, "x"));
        QVERIFY(!rd::secrets::deleteKeyringSecret(u"plain"_s));

        // a restarted daemon still has the entry on disk
        QVERIFY2(m_session->startKeyring(true), qPrintable(m_session->error()));
        auto back = rd::secrets::readSecret(u"keyring:plain"_s, u"the test secret"_s);
        VERIFY_OK(back);
        QCOMPARE(*back, QByteArray("value"));
    }

    void lockedKeyringWithDismissedPrompt()
    {
        QVERIFY(m_session->store(u"locked-entry"_s, "behind the lock"));
        // restarted without the password: the login keyring is on disk, locked; there is no
        // prompter on this bus, so gnome-keyring dismisses the unlock prompt
        QVERIFY2(m_session->startKeyring(false), qPrintable(m_session->error()));
        auto locked = rd::secrets::readSecret(u"keyring:locked-entry"_s, u"the test secret"_s);
        QVERIFY(!locked);
        QVERIFY2(locked.error().message.contains(u"locked"_s), qPrintable(locked.error().message));
        QVERIFY(!locked.error().message.contains(u"behind the lock"_s));
        auto stored = rd::secrets::storeKeyringSecret(u"locked-entry"_s, "new");
        QVERIFY(!stored);
        QVERIFY2(stored.error().message.contains(u"locked"_s) || stored.error().message.contains(u"cannot store"_s),
                 qPrintable(stored.error().message));
        QVERIFY2(m_session->startKeyring(true), qPrintable(m_session->error()));
        auto unlocked = rd::secrets::readSecret(u"keyring:locked-entry"_s, u"the test secret"_s);
        VERIFY_OK(unlocked);
        QCOMPARE(*unlocked, QByteArray("behind the lock"));
    }

    void registryBasicAuthFromTheKeyring()
    {
        rd::test::RegistryServer server(rd::test::RegistryServer::Options{.auth = rd::test::RegistryServer::Auth::Basic});
        if (!server.isRunning())
            QSKIP(qPrintable(u"no docker-registry: "_s + server.error()));
        rd::registry::RemoteRegistry::Options options;
        options.transferTimeout = std::chrono::milliseconds(3'000);
        options.requestTimeout = std::chrono::milliseconds(10'000);

        QVERIFY(m_session->store(u"registry/test"_s, (server.options().user + u':' + server.options().password).toUtf8()));
        rd::registry::RemoteRegistry registry(u"test"_s, QUrl(server.url()), u"keyring:registry/test"_s, options);
        auto catalog = registry.catalog();
        VERIFY_OK(catalog);
        QVERIFY(catalog->isEmpty());

        QVERIFY(m_session->store(u"registry/wrong"_s, (server.options().user + u":wrong-password").toUtf8()));
        rd::registry::RemoteRegistry wrong(u"test"_s, QUrl(server.url()), u"keyring:registry/wrong"_s, options);
        auto denied = wrong.catalog();
        QVERIFY(!denied);
        QVERIFY2(denied.error().message.contains(u"refused the credentials of user 'releasedeck'"_s),
                 qPrintable(denied.error().message));
        QVERIFY(!denied.error().message.contains(u"wrong-password"_s));

        QVERIFY(m_session->store(u"registry/nocolon"_s, "just-a-token"));
        rd::registry::RemoteRegistry malformed(u"test"_s, QUrl(server.url()), u"keyring:registry/nocolon"_s, options);
        auto bad = malformed.catalog();
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(u"must hold USER:SECRET"_s), qPrintable(bad.error().message));
        QVERIFY(!bad.error().message.contains(u"just-a-token"_s));

        rd::registry::RemoteRegistry missing(u"test"_s, QUrl(server.url()), u"keyring:registry/absent"_s, options);
        auto none = missing.catalog();
        QVERIFY(!none);
        QVERIFY2(none.error().message.contains(u"has no entry registry/absent"_s), qPrintable(none.error().message));
    }

    void sshKeyPassphraseFromTheKeyring()
    {
        rd::test::SshServer server;
        if (!server.isRunning())
            QSKIP(qPrintable(u"no sshd: "_s + server.error()));
        const QString key = server.makeClientKey(u"locked_ed25519"_s, u"ed25519"_s, u"correct horse"_s);
        QVERIFY(!key.isEmpty());
        QVERIFY(server.authorize(key));
        const QString knownHosts = server.folder() + u"/known_hosts"_s;
        {
            QFile file(knownHosts);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(server.knownHostsLine().toUtf8() + '\n');
        }
        QVERIFY(m_session->store(u"ssh/deploy"_s, "correct horse"));

        // the workspace loader accepts passphrase: keyring:NAME and the settings carry it
        const QString workspaceFile = m_home.filePath(u"releasedeck.yaml"_s);
        {
            QFile file(workspaceFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral("version: 1\nname: keyring\nhosts:\n"
                                      "  box: {address: 127.0.0.1, port: %1, user: %2, identity: \"file:%3\", "
                                      "passphrase: \"keyring:ssh/deploy\", known_hosts: \"%4\"}\n"
                                      "environments:\n  - name: dev\n")
                           .arg(server.port())
                           .arg(server.user(), key, knownHosts)
                           .toUtf8());
        }
        auto workspace = rd::config::loadWorkspace(workspaceFile);
        QVERIFY2(workspace, qPrintable(workspace ? QString() : workspace.error().first().toString()));
        const rd::config::Host *box = workspace->host(u"box"_s);
        QVERIFY(box);
        QCOMPARE(box->passphrase, u"keyring:ssh/deploy"_s);
        auto settings = rd::ssh::SshHostSettings::fromWorkspace(*workspace, *box, m_home.filePath(u"no-ssh-config"_s));
        VERIFY_OK(settings);
        QCOMPARE(settings->passphraseReference, u"keyring:ssh/deploy"_s);
        settings->connectTimeout = std::chrono::seconds(20);

        // the reference wins over the prompt: the prompt is never asked
        bool asked = false;
        settings->passphrasePrompt.ask = [&](const QString &, const QString &) -> std::optional<QString> {
            asked = true;
            return u"wrong"_s;
        };
        rd::ssh::SshHost host(*settings);
        auto result = host.run(u"echo via keyring"_s);
        VERIFY_OK(result);
        QCOMPARE(result->tailText(), u"via keyring"_s);
        QVERIFY(!asked);

        // a reference that does not resolve is the error (not a silent prompt)
        rd::ssh::SshHostSettings missing = *settings;
        missing.passphraseReference = u"keyring:ssh/absent"_s;
        rd::ssh::SshHost noEntry(missing);
        auto refused = noEntry.run(u"echo no"_s);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(u"the passphrase of the key file"_s)
                     && refused.error().message.contains(u"has no entry ssh/absent"_s),
                 qPrintable(refused.error().message));
        QVERIFY(!asked);

        // a wrong passphrase in the keyring fails, naming the key file
        QVERIFY(m_session->store(u"ssh/wrong"_s, "battery staple"));
        rd::ssh::SshHostSettings wrongSettings = *settings;
        wrongSettings.passphraseReference = u"keyring:ssh/wrong"_s;
        rd::ssh::SshHost wrong(wrongSettings);
        auto wrongRun = wrong.run(u"echo no"_s);
        QVERIFY(!wrongRun);
        QVERIFY2(wrongRun.error().message.contains(key), qPrintable(wrongRun.error().message));
        QVERIFY(!wrongRun.error().message.contains(u"battery"_s));
    }

    void notificationTargetFromTheKeyring()
    {
        QVERIFY(m_session->store(u"hooks/slack"_s, "https://hooks.example.com/services/T000/B000/very-secret-token\n"));
        auto url = rd::health::resolveNotificationTarget(webhookTarget(u"keyring:hooks/slack"_s));
        VERIFY_OK(url);
        QCOMPARE(url->host(), u"hooks.example.com"_s);
        QCOMPARE(url->path(), u"/services/T000/B000/very-secret-token"_s);

        QVERIFY(m_session->store(u"hooks/plain-http"_s, "http://hooks.example.com/very-secret-token"));
        auto plain = rd::health::resolveNotificationTarget(webhookTarget(u"keyring:hooks/plain-http"_s));
        QVERIFY(!plain);
        QVERIFY(!plain.error().message.contains(u"very-secret-token"_s));

        auto absent = rd::health::resolveNotificationTarget(webhookTarget(u"keyring:hooks/absent"_s));
        QVERIFY(!absent);
        QVERIFY2(absent.error().message.contains(u"webhook notification target"_s)
                     && absent.error().message.contains(u"has no entry hooks/absent"_s),
                 qPrintable(absent.error().message));
    }

    void cliSetCheckDelete()
    {
        const ProcessRun set = cli({u"secret"_s, u"set"_s, u"cli/token"_s}, "from the cli\n");
        QVERIFY2(set.finished && set.exitCode == 0, qPrintable(set.describe()));
        QVERIFY(!set.out.contains(u"from the cli"_s));
        QCOMPARE(m_session->lookup(u"cli/token"_s).value_or("<none>"), QByteArray("from the cli"));

        const ProcessRun check = cli({u"secret"_s, u"check"_s, u"keyring:cli/token"_s});
        QVERIFY2(check.finished && check.exitCode == 0, qPrintable(check.describe()));
        QVERIFY2(check.out.contains(u"resolves"_s), qPrintable(check.describe()));
        QVERIFY(!check.out.contains(u"from the cli"_s) && !check.err.contains(u"from the cli"_s));

        const ProcessRun removed = cli({u"secret"_s, u"delete"_s, u"cli/token"_s});
        QVERIFY2(removed.finished && removed.exitCode == 0, qPrintable(removed.describe()));
        QVERIFY(!m_session->lookup(u"cli/token"_s));

        const ProcessRun gone = cli({u"secret"_s, u"check"_s, u"keyring:cli/token"_s});
        QCOMPARE(gone.exitCode, 1);
        QVERIFY2(gone.err.contains(u"has no entry cli/token"_s), qPrintable(gone.describe()));
        const ProcessRun deleteAgain = cli({u"secret"_s, u"delete"_s, u"cli/token"_s});
        QCOMPARE(deleteAgain.exitCode, 1);

        const ProcessRun emptyInput = cli({u"secret"_s, u"set"_s, u"cli/empty"_s}, "");
        QCOMPARE(emptyInput.exitCode, 2);
        const ProcessRun tooBig = cli({u"secret"_s, u"set"_s, u"cli/big"_s}, QByteArray(70'000, 'x'));
        QCOMPARE(tooBig.exitCode, 2);
        QVERIFY2(tooBig.err.contains(u"larger than 64 KiB"_s), qPrintable(tooBig.describe()));
        QVERIFY(!m_session->lookup(u"cli/big"_s));
        const ProcessRun badName = cli({u"secret"_s, u"set"_s, u"-x"_s});
        QCOMPARE(badName.exitCode, 2);
        const ProcessRun notReference = cli({u"secret"_s, u"check"_s, u"docker-config"_s});
        QCOMPARE(notReference.exitCode, 2);

        // env: references are checked the same way
        qputenv("RD_TEST_CHECK", "value");
        const ProcessRun env = cli({u"secret"_s, u"check"_s, u"env:RD_TEST_CHECK"_s});
        qunsetenv("RD_TEST_CHECK");
        QVERIFY2(env.exitCode == 0 && !env.out.contains(u"value"_s), qPrintable(env.describe()));
    }
};

QTEST_GUILESS_MAIN(TestKeyring)
#include "tst_keyring.moc"
