import type { Participants } from '../../model';
import { byText, ordered, toYaml } from './emit';
import { finish, parseWithList, type Parsed } from './parse';
import { participantSchema, participantsSchema } from './schemas';
import { YamlSource } from './yamlFile';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/** Reads qda/participants.yaml: schema, duplicate ids, undeclared attributes and values. */
export function parseParticipants(text: string): Parsed<Participants> {
  const src = new YamlSource(text);
  if (!src.ok) return finish(undefined, src.problems);
  const { head, items } = parseWithList(src, participantsSchema, 'participants', participantSchema);
  if (!head) return finish(undefined, src.problems);
  const declared = head.attributes;
  const seen = new Map<string, number>();
  const sourceOwner = new Map<string, string>();
  for (const { value, index } of items) {
    if (seen.has(value.id)) src.problems.push(src.atPath(['participants', index, 'id'], `duplicate participant id "${value.id}"`));
    else seen.set(value.id, index);
    value.sources?.forEach((s, k) => {
      const owner = sourceOwner.get(s);
      if (owner !== undefined && owner !== value.id) {
        src.problems.push(src.atPath(['participants', index, 'sources', k], `source "${s}" already belongs to participant "${owner}"`));
      } else sourceOwner.set(s, value.id);
    });
    if (value.withdrawn && !ISO_DATE.test(value.withdrawn.date)) {
      src.problems.push(
        src.atPath(['participants', index, 'withdrawn'], `the withdrawal date "${value.withdrawn.date}" is not written yyyy-mm-dd`, {
          severity: 'warning',
        }),
      );
    }
    if (value.credit?.consent && !value.credit.name?.trim()) {
      src.problems.push(
        src.atPath(
          ['participants', index, 'credit'],
          'credit: consent is given but no name: add the name they chose (until then reports show their pseudonym)',
          { severity: 'warning' },
        ),
      );
    }
    if (declared) {
      for (const [attr, v] of Object.entries(value.attributes ?? {})) {
        // Object.hasOwn: an attribute may be called "constructor" or "toString".
        const allowed = Object.hasOwn(declared, attr) ? declared[attr] : undefined;
        if (!allowed)
          src.problems.push(
            src.atPath(['participants', index, 'attributes', attr], `attribute "${attr}" is not declared under "attributes"`, {
              key: true,
              severity: 'warning',
            }),
          );
        else if (!allowed.includes(v))
          src.problems.push(
            src.atPath(
              ['participants', index, 'attributes', attr],
              `"${v}" is not one of the declared values of "${attr}": ${allowed.join(', ')}`,
              { severity: 'warning' },
            ),
          );
      }
    }
  }
  for (const [attr, shares] of Object.entries(head.target ?? {})) {
    const total = Object.values(shares).reduce((a, b) => a + b, 0);
    if (Math.abs(total - 1) > 1e-6)
      src.problems.push(
        src.atPath(['target', attr], `the target proportions of "${attr}" add up to ${+total.toFixed(6)}, not 1`, { severity: 'warning' }),
      );
  }
  return finish({ ...head, participants: items.map((i) => i.value) } as Participants, src.problems);
}

export function serializeParticipants(p: Participants): string {
  const participants = [...p.participants]
    .sort((a, b) => byText(a.id, b.id))
    .map((x) =>
      ordered(x.withdrawn ? { ...x, withdrawn: ordered(x.withdrawn, ['date', 'reason', 'purged']) } : x, [
        'id',
        'sources',
        'interviewed',
        'attributes',
        'withdrawn',
        'credit',
      ]),
    );
  return toYaml(ordered({ ...p, participants }, ['attributes', 'participants', 'target']), { flowLeaves: true });
}
