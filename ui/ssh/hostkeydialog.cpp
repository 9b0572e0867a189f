// SPDX-License-Identifier: GPL-3.0-or-later
#include "hostkeydialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

QLabel *selectable(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);   // names and addresses come from files: never rich text
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

HostKeyDialog::HostKeyDialog(const Question &question, QWidget *parent)
    : QDialog(parent)
    , m_question(question)
{
    setObjectName(u"hostKeyDialog"_s);
    setWindowTitle(tr("Unknown Host Key"));

    auto *icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(48, 48));
    auto *headline = selectable(tr("The host key of %1 is not known.").arg(question.host), this);
    headline->setObjectName(u"hostKeyHeadline"_s);
    QFont bold = headline->font();
    bold.setBold(true);
    headline->setFont(bold);
    headline->setWordWrap(true);
    auto *explanation = new QLabel(tr("No known_hosts file holds the key this server presents. Compare the fingerprint "
                                      "with the one the server's administrator gives you (ssh-keygen -lf on the server's "
                                      "host key). Trust it only if they are identical."),
                                   this);
    explanation->setWordWrap(true);

    auto *form = new QFormLayout;
    form->addRow(tr("Host:"), selectable(question.host, this));
    form->addRow(tr("Address:"), selectable(question.address, this));
    form->addRow(tr("Port:"), selectable(QString::number(question.port), this));
    form->addRow(tr("Key type:"), selectable(question.keyType, this));
    m_fingerprint = selectable(question.fingerprint, this);
    m_fingerprint->setObjectName(u"hostKeyFingerprint"_s);
    m_fingerprint->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("Fingerprint:"), m_fingerprint);
    auto *file = selectable(question.recordFile, this);
    file->setWordWrap(true);
    form->addRow(tr("Recorded in:"), file);

    auto *buttons = new QDialogButtonBox(this);
    m_trust = buttons->addButton(tr("Trust and Connect"), QDialogButtonBox::AcceptRole);
    m_trust->setObjectName(u"trustButton"_s);
    m_trust->setAutoDefault(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_cancel->setDefault(true);   // Enter must not trust a key nobody compared
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *top = new QHBoxLayout;
    top->addWidget(icon, 0, Qt::AlignTop);
    auto *text = new QVBoxLayout;
    text->addWidget(headline);
    text->addWidget(explanation);
    text->addLayout(form);
    top->addLayout(text, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

} // namespace rd::ui
