import { useT } from '../i18n/I18nProvider.tsx';
import { Modal } from './Modal.tsx';
import { Kbd } from './ui.tsx';

export interface Shortcut {
  keys: string[];
  does: string;
}

export function ShortcutsDialog({
  open,
  onOpenChange,
  shortcuts,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  shortcuts: Shortcut[];
}) {
  const t = useT();
  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('components.shortcuts.title')}>
      <table className="shortcuts">
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.does}>
              <td className="shortcut-cell">
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' / '}
                    <Kbd>{k}</Kbd>
                  </span>
                ))}
              </td>
              <td className="shortcut-cell">{s.does}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Modal>
  );
}
