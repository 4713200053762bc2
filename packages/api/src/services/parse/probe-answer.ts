export const typescript: boolean = true;
