// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QString>

class QLabel;
class QPushButton;

namespace rd::ui {

// The question the GUI asks when a server presents a host key no known_hosts file holds: the
// workspace's name for the host, its address and port, the key type and the SHA256
// fingerprint in OpenSSH's format (what `ssh-keygen -lf` prints, so it can be compared with
// what the server's administrator reads out), and the file a "yes" is written to. "Trust and
// connect" accepts; Cancel (the default, also Escape) refuses. A key that CHANGED never gets
// this dialog: that is an error with no override.
class HostKeyDialog final : public QDialog
{
    Q_OBJECT
public:
    struct Question
    {
        QString host;          // the workspace's name ("prod-1")
        QString address;
        int port = 22;
        QString keyType;       // "ED25519", "ECDSA", "RSA"
        QString fingerprint;   // "SHA256:…"
        QString recordFile;    // the workspace's known_hosts file
    };

    explicit HostKeyDialog(const Question &question, QWidget *parent = nullptr);

    const Question &question() const { return m_question; }
    QLabel *fingerprintLabel() const { return m_fingerprint; }
    QPushButton *trustButton() const { return m_trust; }
    QPushButton *cancelButton() const { return m_cancel; }

private:
    Question m_question;
    QLabel *m_fingerprint;
    QPushButton *m_trust;
    QPushButton *m_cancel;
};

} // namespace rd::ui
