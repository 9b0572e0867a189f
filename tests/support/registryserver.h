// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTemporaryDir>
#include <functional>
#include <memory>

class QTcpSocket;

namespace rd::test {

// A real Debian `docker-registry` (distribution 2.8) on 127.0.0.1 at a free port, storing into
// a temporary folder, for integration tests. Optionally behind htpasswd Basic auth, or behind
// token auth whose realm is a small HTTP server in this process: it checks Basic credentials
// and mints RS256 JWTs signed with openssl (a self-signed certificate in the registry's
// rootcertbundle, carried in the token's x5c header). The realm runs on the thread that
// created this object, so that thread must spin its event loop while a client waits for a
// token (a blocking client on the same thread does, through its local event loop).
// The registry process is killed and reaped in the destructor.
class RegistryServer
{
public:
    enum class Auth { None, Basic, Token };
    struct Options
    {
        Auth auth = Auth::None;
        QString user = QStringLiteral("releasedeck");
        QString password = QStringLiteral("s3cret-Pa55");
        // Serve https with a self-signed certificate for 127.0.0.1 (certificateFile()).
        bool tls = false;
    };

    explicit RegistryServer(Options options);
    RegistryServer();
    ~RegistryServer();
    RegistryServer(const RegistryServer &) = delete;
    RegistryServer &operator=(const RegistryServer &) = delete;

    // False, with error() saying why, when the registry did not come up.
    bool isRunning() const;
    QString error() const { return m_error; }

    quint16 port() const { return m_port; }
    QString hostPort() const;  // 127.0.0.1:PORT, as skopeo wants it
    QString url() const;       // http://127.0.0.1:PORT, or https:// with Options::tls
    QString certificateFile() const; // with Options::tls: the server's self-signed certificate (PEM)
    const Options &options() const { return m_options; }

    // Kills the registry at once (SIGKILL) and reaps it: the "server died" case.
    void kill();

    // Token auth: the scopes the realm was asked for, in order, and the Authorization header
    // of each request it received.
    QStringList tokenScopes() const { return m_tokenScopes; }
    // Token auth: runs before the realm answers a token request (e.g. to kill the registry
    // between a client's token fetch and its next request).
    void setBeforeToken(std::function<void(const QString &scope)> hook) { m_beforeToken = std::move(hook); }

private:
    bool start();
    bool prepareTokenAuth(QString &authYaml);
    void answerToken(QTcpSocket *socket, const QByteArray &head);
    QByteArray mintToken(const QString &scope);

    Options m_options;
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
    QTcpServer m_realm;
    QByteArray m_certDerBase64;
    QStringList m_tokenScopes;
    std::function<void(const QString &)> m_beforeToken;
};

} // namespace rd::test
