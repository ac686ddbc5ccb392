// The files shipped in resources/requirements/: the labelled set and the default classifier.
import { shippedPath } from '../../shipped-resources';

export const shippedResource = (name: string): string => shippedPath(`requirements/${name}`);
