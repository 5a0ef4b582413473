/** A computer as the site names it, by NetBIOS name or FQDN: discovery meets both for the same server. */

export function netbiosOf(name: string): string {
  return (name.split('.')[0] ?? name).toUpperCase();
}

export function sameComputer(a: string, b: string): boolean {
  return netbiosOf(a) === netbiosOf(b);
}
