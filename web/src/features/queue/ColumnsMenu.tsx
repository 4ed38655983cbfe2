import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useT } from '../../i18n/I18nProvider.tsx';
import { COLUMN_LABEL } from './queue.columns.tsx';
import { HIDEABLE_COLUMNS, type QueueColumnId } from './queue.search.ts';

interface Props {
  hidden: readonly QueueColumnId[];
  /** The columns this person's queue has (the claim column only when the server reports claims). */
  available: readonly QueueColumnId[];
  onChange: (hidden: QueueColumnId[]) => void;
}

/** Show or hide the queue's columns: a menu of checkboxes (Radix: menuitemcheckbox, arrow keys, Escape). */
export function ColumnsMenu({ hidden, available, onChange }: Props) {
  const t = useT();
  const choices = HIDEABLE_COLUMNS.filter((id) => available.includes(id));
  const toggle = (id: QueueColumnId, show: boolean) =>
    onChange(HIDEABLE_COLUMNS.filter((c) => (c === id ? !show : hidden.includes(c))));
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger className="button button-ghost" data-testid="columns-menu">
        {t('queue.columns.menu')}
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={6}>
          <DropdownMenu.Label className="menu-label">{t('queue.columns.menu_label')}</DropdownMenu.Label>
          {choices.map((id) => (
            <DropdownMenu.CheckboxItem
              key={id}
              className="menu-item"
              checked={!hidden.includes(id)}
              // Stays open: several columns are usually changed at once.
              onSelect={(e) => e.preventDefault()}
              onCheckedChange={(on) => toggle(id, on === true)}
            >
              <DropdownMenu.ItemIndicator className="menu-check">✓</DropdownMenu.ItemIndicator>
              {t(COLUMN_LABEL[id])}
            </DropdownMenu.CheckboxItem>
          ))}
          <DropdownMenu.Separator className="menu-sep" />
          <DropdownMenu.Item
            className="menu-item"
            disabled={hidden.length === 0}
            onSelect={() => onChange([])}
          >
            {t('queue.columns.reset')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
