/** Texts of the build's last step (`npm run build`): what it wrote for each migration set. */
export const buildMessages = {
  manifestWritten: (set: string, revisions: number, bundled: number) => `manifest: ${set} ${revisions} revisions (${bundled} bundled)`,
};
