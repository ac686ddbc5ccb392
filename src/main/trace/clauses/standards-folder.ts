// The shipped clause checklists' folder, resources/standards/.
import { shippedPath } from '../../shipped-resources';

export const standardsFolder = (): string => shippedPath('standards');
