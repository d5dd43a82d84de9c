import {h, replace, announce, dialog, formatTime} from './dom.js';
import {gql} from './api.js';
import {currentCaller} from './app.js';
import {control, formError, showErrors} from './workspace.js';

// The people of the workspace: members with their access, open invitations, and what someone who leaves took
// with them (the departure report, ADR 0024) so the owner knows what to rotate. Roles are the API's fixed sets.

const MEMBERS = `query Members {
  workspace { id name members { id email title division permissions }
    invitations { id email permissions title division expiresAt invitedBy } }
}`;
const INVITE = `mutation Invite($input: InviteMemberInput!) {
  inviteMember(input: $input) { invitation { id email permissions title division expiresAt invitedBy } } }`;
const REVOKE_INVITATION = `mutation RevokeInvitation($id: ID!) {
  revokeInvitation(input: {invitationId: $id}) { invitationId } }`;
const CHANGE_PERMISSIONS = `mutation ChangeAccess($input: ChangeMemberPermissionsInput!) {
  changeMemberPermissions(input: $input) { member { id email title division permissions } } }`;
const CHANGE_PROFILE = `mutation ChangeProfile($input: ChangeMemberProfileInput!) {
  changeMemberProfile(input: $input) { member { id email title division permissions } } }`;
const REMOVE = `mutation Remove($id: ID!) { removeMember(input: {memberId: $id}) { memberId } }`;
export const DEPARTURE = `query Departure($id: ID!) { departureReport(memberId: $id) {
  subject { displayName removed } exposureCount
  toRotate { secretId secretName fieldKey currentVersion secretDeleted lastExposedAt how } } }`;

export const PERMISSIONS = [
  ['VIEW_ASSIGNED', 'View assigned', 'View the secrets assigned to them or matched by a rule.'],
  ['MODIFY_ASSIGNED', 'Modify assigned', 'Edit the secrets they can reach.'],
  ['VIEW_ALL', 'View all', 'View every secret of the workspace.'],
  ['MODIFY_ALL', 'Modify all', 'Create, edit and manage every secret and template.'],
  ['ACCOUNT_OWNER', 'Account owner', 'Everything, and the members, service accounts and controls.'],
];
const ROLES = [
  ['OWNER', 'Owner', ['ACCOUNT_OWNER']],
  ['ADMIN', 'Admin', ['MODIFY_ALL', 'VIEW_ALL']],
  ['EDITOR', 'Editor', ['VIEW_ALL']],
];
const HOW = {REVEAL: 'revealed', FILE_DOWNLOAD: 'downloaded', USE: 'used in a call'};
const label = permission => PERMISSIONS.find(([p]) => p === permission)?.[1] ?? permission;

/** The role whose permissions these are, or null for a set of their own. */
function roleOf(permissions) {
  const given = [...permissions].sort().join();
  return ROLES.find(([, , set]) => [...set].sort().join() === given) ?? null;
}

function accessText(permissions) {
  const role = roleOf(permissions);
  if (role) return role[1];
  return permissions.length ? permissions.map(label).join(', ') : 'No permissions';
}

/** A role select with "Custom" and the permission boxes it opens; `read()` gives {role} or {permissions}. */
function accessPicker(prefix, permissions = ['VIEW_ALL']) {
  const current = roleOf(permissions);
  const role = h('select', {name: 'role'},
      ROLES.map(([value, name, set]) => h('option', {value, selected: current?.[0] === value},
          `${name} (${set.map(label).join(', ')})`)),
      h('option', {value: 'CUSTOM', selected: !current}, 'Custom permissions'));
  const roleControl = control(prefix + '-role', 'Role', role);
  const boxes = PERMISSIONS.map(([value, name, help]) => control(`${prefix}-permission-${value.toLowerCase()}`, name,
      h('input', {type: 'checkbox', name: 'permissions', value, checked: permissions.includes(value)}), help));
  const fieldset = h('fieldset', {class: 'permissions'}, h('legend', {}, 'Permissions'), boxes.map(b => b.wrap));
  const sync = () => { fieldset.hidden = role.value !== 'CUSTOM'; };
  role.addEventListener('change', sync);
  sync();
  return {
    elements: [roleControl.wrap, fieldset],
    fields: {role: roleControl, permissions: roleControl},
    read() {
      if (role.value !== 'CUSTOM') return {role: role.value};
      return {permissions: boxes.filter(b => b.input.checked).map(b => b.input.value)};
    },
    clear() { roleControl.clear(); },
  };
}

export async function membersPage(main) {
  let state;
  try {
    state = (await gql(MEMBERS)).workspace;
  } catch (e) {
    replace(main, h('h1', {}, 'Members'), h('p', {class: 'error', role: 'alert'}, e.message));
    return;
  }
  const me = currentCaller()?.memberId;
  const membersBody = h('tbody');
  const invitationsBody = h('tbody');
  const departures = h('div', {id: 'departures'});

  function renderMembers() {
    replace(membersBody, state.members.map(member => h('tr', {'data-member': member.email},
        h('th', {scope: 'row'}, member.email, member.id === me ? h('span', {class: 'badge'}, 'you') : null),
        h('td', {}, member.title ?? ''),
        h('td', {}, member.division ?? ''),
        h('td', {class: 'access'}, accessText(member.permissions)),
        h('td', {}, h('span', {class: 'badge good'}, 'active')),
        h('td', {}, h('div', {class: 'row-actions'},
            h('button', {type: 'button', class: 'change-access', 'aria-label': `Change the access of ${member.email}`,
              onclick: event => changeAccess(member, event.currentTarget)}, 'Change access'),
            h('button', {type: 'button', class: 'edit-profile', 'aria-label': `Edit the title and division of ${
              member.email}`, onclick: event => editProfile(member, event.currentTarget)}, 'Edit profile'),
            h('button', {type: 'button', class: 'remove danger-text', 'aria-label': `Remove ${member.email}`,
              onclick: event => remove(member, event.currentTarget)}, 'Remove'))))));
  }

  function renderInvitations() {
    replace(invitationsBody, state.invitations.length ? state.invitations.map(invitation =>
        h('tr', {'data-invitation': invitation.email},
            h('th', {scope: 'row'}, invitation.email),
            h('td', {}, accessText(invitation.permissions)),
            h('td', {}, [invitation.title, invitation.division].filter(Boolean).join(', ')),
            h('td', {}, h('span', {class: 'badge warn'}, 'invited'), ' until ',
                h('time', {datetime: invitation.expiresAt}, formatTime(invitation.expiresAt))),
            h('td', {}, invitation.invitedBy ?? ''),
            h('td', {}, h('div', {class: 'row-actions'},
                h('button', {type: 'button', class: 'resend', 'aria-label': `Send the invitation of ${
                  invitation.email} again`, onclick: event => resend(invitation, event.currentTarget)}, 'Send again'),
                h('button', {type: 'button', class: 'revoke', 'aria-label': `Revoke the invitation of ${
                  invitation.email}`, onclick: event => revokeInvitation(invitation, event.currentTarget)},
                    'Revoke')))))
        : h('tr', {}, h('td', {colspan: 6}, 'No open invitations.')));
  }

  async function changeAccess(member, button) {
    const picker = accessPicker('change', member.permissions);
    const changed = await dialog(`Change the access of ${member.email}`, [
      h('p', {class: 'help'}, 'It takes effect on their very next request. The last owner cannot be demoted.'),
      ...picker.elements], {
      submitLabel: 'Change access',
      submit: async () => (await gql(CHANGE_PERMISSIONS, {input: {memberId: member.id, ...picker.read()}}))
          .changeMemberPermissions.member});
    button.focus();
    if (!changed) return;
    Object.assign(member, changed);
    renderMembers();
    membersBody.querySelector(`tr[data-member="${CSS.escape(member.email)}"] .change-access`)?.focus();
    announce(`${member.email} now has: ${accessText(changed.permissions)}.`);
  }

  async function editProfile(member, button) {
    const title = control('profile-title', 'Title', h('input', {type: 'text', name: 'title', autocomplete: 'off',
      value: member.title ?? ''}), 'Dynamic access rules match it.');
    const division = control('profile-division', 'Division', h('input', {type: 'text', name: 'division',
      autocomplete: 'off', value: member.division ?? ''}));
    const changed = await dialog(`Title and division of ${member.email}`, [title.wrap, division.wrap], {
      submitLabel: 'Save',
      submit: async () => (await gql(CHANGE_PROFILE, {input: {memberId: member.id, title: title.input.value.trim(),
        division: division.input.value.trim()}})).changeMemberProfile.member});
    button.focus();
    if (!changed) return;
    Object.assign(member, changed);
    renderMembers();
    announce(`The profile of ${member.email} is saved.`);
  }

  async function remove(member, button) {
    const report = h('div', {class: 'departure', 'aria-live': 'polite'}, h('p', {}, 'Looking up what they revealed…'));
    const shown = gql(DEPARTURE, {id: member.id}).then(data => {
      replace(report, departureList(data.departureReport, {links: false}));
      return data.departureReport;
    }, e => {
      replace(report, h('p', {class: 'error', role: 'alert'}, `What they revealed could not be read: ${e.message}`));
      return null;
    });
    const removed = await dialog(`Remove ${member.email}?`, [
      h('p', {}, 'Their sign-in stops working for every request at once. Their history stays in the audit log.'),
      member.id === me ? h('p', {class: 'error'}, 'This is you: you lose this workspace at once.') : null,
      h('p', {class: 'help'}, 'Reading what they revealed is recorded in the audit log.'),
      report], {
      submitLabel: 'Remove member', danger: true,
      submit: async () => (await gql(REMOVE, {id: member.id})).removeMember.memberId});
    if (!removed) { button.focus(); return; }
    state.members = state.members.filter(m => m.id !== member.id);
    renderMembers();
    const departure = await shown;
    if (departure?.toRotate.length) {
      departures.prepend(h('section', {class: 'card departure', 'aria-labelledby': 'departure-' + member.id},
          h('h2', {id: 'departure-' + member.id}, `Rotate after ${member.email} left`), departureList(departure)));
    }
    announce(`${member.email} is removed.` + (departure?.toRotate.length
        ? ` ${departure.toRotate.length} field values they saw are still in use: rotate them.` : ''));
    main.querySelector('#invite-email')?.focus();
  }

  async function revokeInvitation(invitation, button) {
    const revoked = await dialog(`Revoke the invitation of ${invitation.email}?`, [
      h('p', {}, 'The link in their mail stops working at once. You can invite them again later.')], {
      submitLabel: 'Revoke invitation', danger: true,
      submit: async () => (await gql(REVOKE_INVITATION, {id: invitation.id})).revokeInvitation.invitationId});
    if (!revoked) { button.focus(); return; }
    state.invitations = state.invitations.filter(i => i.id !== invitation.id);
    renderInvitations();
    announce(`The invitation of ${invitation.email} is revoked.`);
    main.querySelector('#invite-email')?.focus();
  }

  async function resend(invitation, button) {
    const sent = await dialog(`Send the invitation of ${invitation.email} again?`, [
      h('p', {}, 'The link already mailed stops working, and a new one is mailed with the same access for 72 hours.')], {
      submitLabel: 'Send again',
      submit: async () => {
        await gql(REVOKE_INVITATION, {id: invitation.id});
        state.invitations = state.invitations.filter(i => i.id !== invitation.id);
        return (await gql(INVITE, {input: {email: invitation.email, permissions: invitation.permissions,
          title: invitation.title, division: invitation.division}})).inviteMember.invitation;
      }});
    renderInvitations();
    if (!sent) { (button.isConnected ? button : main.querySelector('#invite-email'))?.focus(); return; }
    state.invitations = [...state.invitations, sent];
    renderInvitations();
    invitationsBody.querySelector(`tr[data-invitation="${CSS.escape(sent.email)}"] .resend`)?.focus();
    announce(`A new invitation is mailed to ${sent.email}.`);
  }

  renderMembers();
  renderInvitations();
  replace(main,
      h('h1', {}, 'Members'),
      h('p', {class: 'help'}, `The people of ${state.name}, what they may do, and who is invited.`),
      inviteForm(invitation => {
        state.invitations = [...state.invitations.filter(i => i.id !== invitation.id), invitation];
        renderInvitations();
      }),
      departures,
      h('section', {'aria-labelledby': 'members-title'}, h('h2', {id: 'members-title'}, 'Members'),
          h('table', {class: 'list', id: 'members'},
              h('thead', {}, h('tr', {}, ['E-mail', 'Title', 'Division', 'Access', 'State'].map(text =>
                  h('th', {scope: 'col'}, text)), h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'},
                  'Actions')))),
              membersBody)),
      h('section', {'aria-labelledby': 'invitations-title'}, h('h2', {id: 'invitations-title'}, 'Open invitations'),
          h('table', {class: 'list', id: 'invitations'},
              h('thead', {}, h('tr', {}, ['E-mail', 'Access', 'Title, division', 'State', 'Invited by'].map(text =>
                  h('th', {scope: 'col'}, text)), h('th', {scope: 'col'}, h('span', {class: 'visually-hidden'},
                  'Actions')))),
              invitationsBody)),
      rolesSection());
}

function inviteForm(invited) {
  const email = control('invite-email', 'E-mail address', h('input', {type: 'email', name: 'email',
    autocomplete: 'off', spellcheck: 'false'}), 'We mail them a link to join; you never see its token.');
  const picker = accessPicker('invite');
  const title = control('invite-title', 'Title', h('input', {type: 'text', name: 'title', autocomplete: 'off'}));
  const division = control('invite-division', 'Division', h('input', {type: 'text', name: 'division',
    autocomplete: 'off'}));
  const hours = control('invite-expires', 'The link holds (hours)', h('input', {type: 'number', name: 'expiresInHours',
    inputmode: 'numeric', value: 72}), '1 to 720.');
  const general = formError();
  const fields = {email, title, division, expiresInHours: hours, ...picker.fields};
  const send = h('button', {type: 'submit', class: 'primary'}, 'Send invitation');
  return h('form', {class: 'card admin-form', id: 'invite-form', novalidate: true, onsubmit: async event => {
    event.preventDefault();
    general.clear();
    [email, title, division, hours].forEach(c => c.clear());
    picker.clear();
    const text = hours.input.value.trim();
    if (!/^\d{1,9}$/.test(text)) {
      hours.fail('A whole number of hours.');
      hours.input.focus();
      return;
    }
    send.disabled = true;
    try {
      const input = {email: email.input.value.trim(), title: title.input.value.trim() || null,
        division: division.input.value.trim() || null, expiresInHours: Number(text), ...picker.read()};
      const invitation = (await gql(INVITE, {input})).inviteMember.invitation;
      invited(invitation);
      email.input.value = '';
      title.input.value = '';
      division.input.value = '';
      announce(`Invitation sent to ${invitation.email}.`);
      email.input.focus();
    } catch (e) {
      showErrors(e, fields, general);
    } finally {
      send.disabled = false;
    }
  }},
  h('h2', {}, 'Invite a member'),
  h('div', {class: 'admin-grid'}, email.wrap, ...picker.elements, title.wrap, division.wrap, hours.wrap),
  general.element,
  h('div', {class: 'actions'}, send));
}

/** What a departure report says to rotate, as a paragraph and a list of links to the secrets. */
export function departureList(report, {links = true} = {}) {
  if (!report.toRotate.length) {
    return h('p', {class: 'to-rotate-none'}, report.exposureCount
        ? `They saw ${report.exposureCount} values, none of which is still in use.`
        : 'They revealed, downloaded or used no secret value: nothing to rotate.');
  }
  return [h('p', {}, `Still in use after they saw them (${report.toRotate.length}): rotate these.`),
    h('ul', {class: 'to-rotate'}, report.toRotate.map(field => h('li', {},
        links ? h('a', {href: '/secrets/' + encodeURIComponent(field.secretId)}, field.secretName ?? field.secretId)
            : h('strong', {}, field.secretName ?? field.secretId),
        ` / ${field.fieldKey} (v${field.currentVersion}), ${field.how.map(how => HOW[how] ?? how).join(', ')} `,
        h('time', {datetime: field.lastExposedAt}, formatTime(field.lastExposedAt)),
        field.secretDeleted ? h('span', {class: 'badge warn'}, 'deleted') : null)))];
}

function rolesSection() {
  return h('section', {'aria-labelledby': 'roles-title'},
      h('h2', {id: 'roles-title'}, 'Roles and permissions'),
      h('p', {class: 'help'}, 'A role is a fixed set of permissions; choose Custom permissions to give a member '
          + 'a set of their own.'),
      h('table', {class: 'list', id: 'roles'},
          h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'Role'), h('th', {scope: 'col'}, 'Permissions'))),
          h('tbody', {}, ROLES.map(([, name, set]) => h('tr', {}, h('th', {scope: 'row'}, name),
              h('td', {}, set.map(label).join(', ')))))),
      h('dl', {class: 'permission-list'}, PERMISSIONS.map(([, name, help]) => [h('dt', {}, name), h('dd', {}, help)])));
}
